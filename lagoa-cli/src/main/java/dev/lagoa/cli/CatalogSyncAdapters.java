package dev.lagoa.cli;

import static java.util.Objects.requireNonNull;

import dev.lagoa.core.catalog.Catalog;
import dev.lagoa.core.catalog.TagStore;
import dev.lagoa.core.catalog.TagSync;

/**
 * What the governance sync reads and writes: the workspace's catalog and tags, and the Glue Data Catalog and Lake
 * Formation it pushes them to. None is null.
 */
record CatalogSyncAdapters(Catalog source, TagStore tags, Catalog glue, TagSync lakeFormation) {
    CatalogSyncAdapters {
        requireNonNull(source, "source is null");
        requireNonNull(tags, "tags is null");
        requireNonNull(glue, "glue is null");
        requireNonNull(lakeFormation, "lakeFormation is null");
    }
}
