/// Splits paths the way the writers need.
public enum PathParts {
    /// The directory part of `path` ("" for a bare name).
    public static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "" }
        if slash == path.startIndex { return "/" }
        return String(path[..<slash])
    }

    /// The last component of `path`.
    public static func name(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return path }
        return String(path[path.index(after: slash)...])
    }

    /// `directory/name`.
    public static func join(_ directory: String, _ name: String) -> String {
        if directory.isEmpty { return name }
        return directory.hasSuffix("/") ? directory + name : directory + "/" + name
    }

    /// The temporary name a file is written under before it is renamed: `.<name>.tmp` beside it.
    public static func temporary(for path: String) -> String {
        join(directory(of: path), "." + name(of: path) + ".tmp")
    }
}
