package dev.lagoa.market.b3;

/** The {@code page} object of one GetPortfolioDay answer: which page it is and the totals it claims. */
public record PortfolioPage(int pageNumber, int pageSize, int totalRecords, int totalPages) {
    public PortfolioPage {
        if (pageNumber < 0 || pageSize < 0 || totalRecords < 0 || totalPages < 0) {
            throw new IllegalArgumentException("page numbers are negative: %d, %d, %d, %d".formatted(pageNumber, pageSize, totalRecords, totalPages));
        }
    }
}
