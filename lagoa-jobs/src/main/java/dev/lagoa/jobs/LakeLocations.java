package dev.lagoa.jobs;

import java.io.Serializable;
import java.net.URI;
import java.nio.file.Path;

/**
 * How a job names locations to people and in the data it writes. A job run by the local launcher reads the local
 * lake through {@code file:} URIs; the launcher passes the lake's root ({@code --LAGOA_LAKE_ROOT}) so that files of
 * the lake are shown as the {@code s3://bucket/key} they stand for, as on Glue. Other local files are shown as
 * {@code file:///} URIs; everything else is left as it is.
 */
public final class LakeLocations implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String lakeRoot;

    private LakeLocations(String lakeRoot) {
        this.lakeRoot = lakeRoot;
    }

    /** @param lakeRoot the {@code file:} URI of the local lake, or null on Glue */
    public static LakeLocations of(String lakeRoot) {
        return new LakeLocations(lakeRoot == null ? null : withSlash(localPath(lakeRoot)));
    }

    public String display(String location) {
        if (location == null || !location.startsWith("file:")) {
            return location;
        }
        String path = localPath(location);
        if (lakeRoot != null && path.startsWith(lakeRoot)) {
            return "s3://" + path.substring(lakeRoot.length());
        }
        return "file://" + path;
    }

    private static String localPath(String fileUri) {
        String path = Path.of(URI.create(fileUri.startsWith("file:///") || !fileUri.startsWith("file:/") ? fileUri : "file://" + fileUri.substring(5)))
                .toString();
        return fileUri.endsWith("/") ? withSlash(path) : path;
    }

    private static String withSlash(String path) {
        return path.endsWith("/") ? path : path + "/";
    }
}
