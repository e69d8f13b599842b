package dev.lagoa.governance.crawl;

import java.time.Duration;
import java.util.List;

/** What a crawl found, which files it skipped and why, which tables it dropped, and how much it had to read. */
public record CrawlResult(List<CrawledDataset> datasets, List<String> skipped, List<String> dropped, int filesSeen, int filesRead, Duration took) {
    public CrawlResult {
        datasets = List.copyOf(datasets);
        skipped = List.copyOf(skipped);
        dropped = List.copyOf(dropped);
    }
}
