package dev.lagoa.importau;

import java.util.List;

/** The real-world lists the generator draws from: names, cities with UF, DDD and CEP range, origin countries, product families. */
final class ReferenceData {
    private ReferenceData() {}

    record City(String name, String uf, int ddd, int cepFrom, int cepTo, double icms) {}

    record Country(String code, String currency, String[] cities, String[] nameParts, String[] suffixes, int transitDaysMin, int transitDaysMax,
            double freightRate) {}

    record Family(String name, String[] products, String[] ncm, double iiRate, double ipiRate, double fobMinUsd, double fobMaxUsd,
            int quantityMax, double markup) {}

    static final List<String> FIRST_NAMES = List.of("Ana", "Maria", "João", "José", "Antônio", "Francisco", "Carlos", "Paulo", "Pedro",
            "Lucas", "Luiz", "Marcos", "Luís", "Gabriel", "Rafael", "Daniel", "Marcelo", "Bruno", "Eduardo", "Felipe", "Raimundo",
            "Rodrigo", "Juliana", "Fernanda", "Patrícia", "Aline", "Adriana", "Camila", "Amanda", "Bruna", "Jéssica", "Letícia",
            "Júlia", "Luciana", "Vanessa", "Mariana", "Gabriela", "Vitória", "Larissa", "Beatriz", "Conceição", "Sebastião", "Thiago",
            "Gustavo", "Leonardo", "Mateus", "Vinícius", "Renata", "Tatiane", "Cláudia");
    static final List<String> SURNAMES = List.of("Silva", "Santos", "Oliveira", "Souza", "Rodrigues", "Ferreira", "Alves", "Pereira",
            "Lima", "Gomes", "Costa", "Ribeiro", "Martins", "Carvalho", "Almeida", "Lopes", "Soares", "Fernandes", "Vieira", "Barbosa",
            "Rocha", "Dias", "Nascimento", "Andrade", "Moreira", "Nunes", "Marques", "Machado", "Mendes", "Freitas", "Cardoso",
            "Ramos", "Gonçalves", "Santana", "Teixeira", "Araújo", "Pinto", "Correia", "Moura", "Cavalcanti");
    static final List<String> COMPANY_WORDS = List.of("Comércio", "Distribuidora", "Atacadista", "Indústria", "Importadora", "Tecnologia",
            "Autopeças", "Ferragens", "Eletro", "Máquinas", "Têxtil", "Cosméticos", "Suprimentos", "Equipamentos", "Brinquedos");
    static final List<String> COMPANY_SUFFIXES = List.of("Ltda", "S.A.", "EIRELI", "ME", "Ltda EPP");
    static final List<String> EMAIL_DOMAINS = List.of("gmail.com", "hotmail.com", "outlook.com", "yahoo.com.br", "uol.com.br", "bol.com.br",
            "terra.com.br");

    /** Capitals and large cities, with the ICMS rate of their UF on imports (internal rate, 2024). */
    static final List<City> CITIES = List.of(
            new City("São Paulo", "SP", 11, 1000000, 5999999, 0.18), new City("Campinas", "SP", 19, 13000000, 13139999, 0.18),
            new City("Santos", "SP", 13, 11000000, 11099999, 0.18), new City("Rio de Janeiro", "RJ", 21, 20000000, 23799999, 0.20),
            new City("Belo Horizonte", "MG", 31, 30000000, 31999999, 0.18), new City("Vitória", "ES", 27, 29000000, 29099999, 0.17),
            new City("Curitiba", "PR", 41, 80000000, 82999999, 0.195), new City("Florianópolis", "SC", 48, 88000000, 88099999, 0.17),
            new City("Joinville", "SC", 47, 89200000, 89239999, 0.17), new City("Porto Alegre", "RS", 51, 90000000, 91999999, 0.17),
            new City("Salvador", "BA", 71, 40000000, 42599999, 0.205), new City("Recife", "PE", 81, 50000000, 52999999, 0.205),
            new City("Fortaleza", "CE", 85, 60000000, 61599999, 0.20), new City("Brasília", "DF", 61, 70000000, 72799999, 0.20),
            new City("Goiânia", "GO", 62, 74000000, 74899999, 0.19), new City("Manaus", "AM", 92, 69000000, 69099999, 0.20),
            new City("Belém", "PA", 91, 66000000, 66999999, 0.19), new City("Natal", "RN", 84, 59000000, 59139999, 0.18),
            new City("João Pessoa", "PB", 83, 58000000, 58099999, 0.20), new City("Maceió", "AL", 82, 57000000, 57099999, 0.19),
            new City("Aracaju", "SE", 79, 49000000, 49099999, 0.19), new City("Teresina", "PI", 86, 64000000, 64099999, 0.21),
            new City("São Luís", "MA", 98, 65000000, 65099999, 0.22), new City("Cuiabá", "MT", 65, 78000000, 78099999, 0.17),
            new City("Campo Grande", "MS", 67, 79000000, 79129999, 0.17), new City("Porto Velho", "RO", 69, 76800000, 76834999, 0.195),
            new City("Rio Branco", "AC", 68, 69900000, 69923999, 0.19), new City("Macapá", "AP", 96, 68900000, 68914999, 0.18),
            new City("Boa Vista", "RR", 95, 69300000, 69339999, 0.20), new City("Palmas", "TO", 63, 77000000, 77270999, 0.20));

    static final List<Country> COUNTRIES = List.of(
            new Country("CN", "CNY", new String[] {"Shenzhen", "Guangzhou", "Ningbo", "Yiwu", "Shanghai"},
                    new String[] {"Hengtai", "Jinlong", "Huawei Mei", "Xinda", "Zhongshan", "Tianyu", "Baoli", "Kaida"},
                    new String[] {"Co., Ltd.", "Trading Co., Ltd.", "Industrial Co., Ltd."}, 35, 45, 0.10),
            new Country("CN", "USD", new String[] {"Xiamen", "Qingdao", "Dongguan"}, new String[] {"Sunrise", "Golden Bridge", "Evergreen", "Orient"},
                    new String[] {"Import & Export Co., Ltd.", "Technology Co., Ltd."}, 35, 45, 0.10),
            new Country("US", "USD", new String[] {"Miami", "Houston", "Newark", "Los Angeles"}, new String[] {"Atlantic", "Liberty", "Summit", "Keystone"},
                    new String[] {"Inc.", "LLC", "Corp."}, 14, 22, 0.06),
            new Country("DE", "EUR", new String[] {"Hamburg", "Stuttgart", "München"}, new String[] {"Müller", "Schneider", "Becker", "Hoffmann"},
                    new String[] {"GmbH", "AG", "GmbH & Co. KG"}, 20, 28, 0.07),
            new Country("IT", "EUR", new String[] {"Milano", "Torino", "Bologna"}, new String[] {"Rossi", "Bianchi", "Ferrari", "Esposito"},
                    new String[] {"S.p.A.", "S.r.l."}, 20, 28, 0.07),
            new Country("KR", "USD", new String[] {"Busan", "Incheon", "Seoul"}, new String[] {"Hanil", "Daesung", "Samhwa"},
                    new String[] {"Co., Ltd.", "Corporation"}, 32, 40, 0.09),
            new Country("IN", "USD", new String[] {"Mumbai", "Chennai", "Pune"}, new String[] {"Shree", "Bharat", "Tata Ravi"},
                    new String[] {"Pvt. Ltd.", "Exports Ltd."}, 30, 38, 0.09),
            new Country("ES", "EUR", new String[] {"Valencia", "Barcelona"}, new String[] {"García", "Martínez", "López"},
                    new String[] {"S.L.", "S.A."}, 18, 25, 0.07));

    /** Product families, with real NCM codes of the kind and illustrative II and IPI rates. */
    static final List<Family> FAMILIES = List.of(
            new Family("Eletrônicos", new String[] {"Roteador Wi-Fi 6", "Fone Bluetooth", "Carregador USB-C 65W", "Câmera de segurança IP", "Smartwatch"},
                    new String[] {"85176259", "85183000", "85044010", "85258929", "85176299"}, 0.16, 0.15, 6, 80, 200, 1.9),
            new Family("Informática", new String[] {"Notebook 14\"", "Monitor LED 27\"", "SSD NVMe 1TB", "Teclado mecânico", "Mouse sem fio"},
                    new String[] {"84713012", "85285200", "84717012", "84716052", "84716053"}, 0.12, 0.15, 8, 450, 60, 1.6),
            new Family("Autopeças", new String[] {"Pastilha de freio", "Amortecedor dianteiro", "Filtro de óleo", "Vela de ignição", "Correia dentada"},
                    new String[] {"87083090", "87088000", "84212300", "85111000", "40103100"}, 0.18, 0.05, 2, 60, 400, 2.0),
            new Family("Máquinas", new String[] {"Torno CNC de bancada", "Compressor de ar", "Bomba centrífuga", "Motor elétrico trifásico"},
                    new String[] {"84581199", "84148019", "84137080", "85015220"}, 0.14, 0.0, 300, 9000, 8, 1.45),
            new Family("Têxteis", new String[] {"Camiseta de algodão", "Tecido de poliéster (m)", "Jaqueta corta-vento", "Meia esportiva"},
                    new String[] {"61091000", "54076100", "62019300", "61159500"}, 0.35, 0.0, 1, 25, 500, 2.4),
            new Family("Brinquedos", new String[] {"Blocos de montar", "Boneca articulada", "Carrinho de controle remoto", "Quebra-cabeça 1000 peças"},
                    new String[] {"95030031", "95030022", "95030080", "95030050"}, 0.20, 0.0, 2, 40, 300, 2.2),
            new Family("Cosméticos", new String[] {"Sérum facial", "Protetor solar FPS 50", "Perfume 100 ml", "Máscara capilar"},
                    new String[] {"33049910", "33049990", "33030010", "33059000"}, 0.18, 0.22, 2, 45, 300, 2.5),
            new Family("Ferramentas", new String[] {"Jogo de chaves combinadas", "Furadeira de impacto", "Alicate universal", "Trena a laser"},
                    new String[] {"82042000", "84672100", "82032090", "90158090"}, 0.18, 0.05, 3, 120, 200, 1.8));
}
