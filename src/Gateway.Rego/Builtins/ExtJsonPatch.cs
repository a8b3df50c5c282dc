using System.Globalization;
using Gateway.Rego.Values;

namespace Gateway.Rego.Builtins;

/// <summary>
/// RFC 6902 JSON Patch as OPA applies it (its EditTree): works on objects, arrays and sets (a set member is its own key),
/// paths may be strings without a leading slash or arrays of segments, and any failure makes the result undefined.
/// </summary>
internal static class ExtJsonPatch
{
    private sealed class PatchException(string message) : Exception(message);

    private static readonly HashSet<string> ValidOps = ["add", "remove", "replace", "move", "copy", "test"];

    /// <summary>The patched document, or null (undefined) when any operation fails.</summary>
    public static RegoValue? Apply(RegoValue doc, RegoArray operations)
    {
        RegoValue? root = doc;
        try
        {
            foreach (var opValue in operations.Items)
            {
                if (opValue is not RegoObject op) throw new PatchException("must be an array of JSON-Patch objects");
                var (name, pathTerm, fromTerm, value) = ReadOp(op);
                var path = ParsePath(pathTerm);
                switch (name)
                {
                    case "add":
                        root = Insert(root, path, value!);
                        break;
                    case "remove":
                        root = Delete(root, path);
                        break;
                    case "replace":
                        root = Insert(Delete(root, path), path, value!);
                        break;
                    case "move":
                    {
                        var from = ParsePath(fromTerm!);
                        var chunk = Get(root, from);
                        root = Insert(Delete(root, from), path, chunk);
                        break;
                    }
                    case "copy":
                        root = Insert(root, path, Get(root, ParsePath(fromTerm!)));
                        break;
                    case "test":
                        if (!Get(root, path).Equals(value)) throw new PatchException("test failed");
                        break;
                }
            }
        }
        catch (Exception e) when (e is PatchException or BuiltinException)
        {
            return null;
        }
        return root;
    }

    private static (string Op, RegoValue Path, RegoValue? From, RegoValue? Value) ReadOp(RegoObject o)
    {
        RegoValue Attr(string name) => o.Get(name) ?? throw new PatchException($"missing '{name}' attribute");
        var opTerm = Attr("op");
        if (opTerm is not RegoString op) throw new PatchException("attribute 'op' must be a string");
        if (!ValidOps.Contains(op.Value)) throw new PatchException($"unrecognized op '{op.Value}'");
        var path = Attr("path");
        var from = op.Value is "move" or "copy" ? Attr("from") : null;
        var value = op.Value is "add" or "replace" or "test" ? Attr("value") : null;
        return (op.Value, path, from, value);
    }

    private static RegoValue[] ParsePath(RegoValue term) => ExtJsonPaths.ParsePath(term);

    private static int ToIndex(int length, RegoValue key)
    {
        switch (key)
        {
            case RegoNumber n:
                return n.TryGetInt32(out var i) ? i : throw new PatchException("invalid number type for indexing");
            case RegoString { Value: "-" }:
                return length;
            case RegoString s:
                var body = s.Value.StartsWith('+') || s.Value.StartsWith('-') ? s.Value[1..] : s.Value;
                if (body.Length == 0 || !body.All(char.IsAsciiDigit) || !int.TryParse(s.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v))
                {
                    throw new PatchException("invalid string for indexing");
                }
                if (s.Value != "0" && s.Value.StartsWith('0')) throw new PatchException("leading zeros are not allowed in JSON paths");
                return v;
            default:
                throw new PatchException("invalid type for indexing");
        }
    }

    private static RegoValue Child(RegoValue node, RegoValue key) => node switch
    {
        RegoObject o => o.Get(key) ?? throw new PatchException("path does not exist in object"),
        RegoSet s => s.Contains(key) ? key : throw new PatchException("path does not exist in set"),
        RegoArray a => ToIndex(a.Count, key) is var i && i >= 0 && i < a.Count ? a[i] : throw new PatchException("path does not exist in array"),
        _ => throw new PatchException("expected composite type"),
    };

    private static RegoValue WithChild(RegoValue node, RegoValue key, RegoValue oldChild, RegoValue newChild)
    {
        switch (node)
        {
            case RegoObject o:
            {
                var d = new Dictionary<RegoValue, RegoValue>(o.Items);
                d[key] = newChild;
                return new RegoObject(d);
            }
            case RegoSet s:
            {
                var h = new HashSet<RegoValue>(s.Items);
                h.Remove(oldChild);
                h.Add(newChild);
                return new RegoSet(h);
            }
            case RegoArray a:
            {
                var items = a.Items.ToArray();
                items[ToIndex(a.Count, key)] = newChild;
                return new RegoArray(items);
            }
            default:
                throw new PatchException("expected composite type");
        }
    }

    /// <summary>Rebuilds the document with <paramref name="atParent"/> applied to the node at the end of <paramref name="path"/>.</summary>
    private static RegoValue Update(RegoValue node, ReadOnlySpan<RegoValue> path, Func<RegoValue, RegoValue> atParent)
    {
        if (path.Length == 0) return atParent(node);
        var child = Child(node, path[0]);
        var updated = Update(child, path[1..], atParent);
        return WithChild(node, path[0], child, updated);
    }

    private static RegoValue Get(RegoValue? root, RegoValue[] path)
    {
        var node = root ?? throw new PatchException("deleted node");
        foreach (var key in path) node = Child(node, key);
        return node;
    }

    private static RegoValue Insert(RegoValue? root, RegoValue[] path, RegoValue value)
    {
        if (path.Length == 0) return value;
        if (root is null) throw new PatchException("deleted node encountered during insert operation");
        var key = path[^1];
        return Update(root, path.AsSpan(0, path.Length - 1), parent =>
        {
            switch (parent)
            {
                case RegoObject o:
                {
                    var d = new Dictionary<RegoValue, RegoValue>(o.Items);
                    d[key] = value;
                    return new RegoObject(d);
                }
                case RegoSet s:
                {
                    if (!key.Equals(value)) throw new PatchException("set key does not equal value to be inserted");
                    var h = new HashSet<RegoValue>(s.Items) { value };
                    return new RegoSet(h);
                }
                case RegoArray a:
                {
                    var idx = ToIndex(a.Count, key);
                    if (idx < 0 || idx > a.Count) throw new PatchException("index for array insertion out of bounds");
                    var items = new List<RegoValue>(a.Items.ToArray());
                    items.Insert(idx, value);
                    return new RegoArray(items.ToArray());
                }
                default:
                    throw new PatchException("expected composite type");
            }
        });
    }

    private static RegoValue? Delete(RegoValue? root, RegoValue[] path)
    {
        if (root is null) throw new PatchException("deleted node encountered during delete operation");
        if (path.Length == 0) return null;
        var key = path[^1];
        return Update(root, path.AsSpan(0, path.Length - 1), parent =>
        {
            switch (parent)
            {
                case RegoObject o:
                {
                    if (!o.Items.ContainsKey(key)) throw new PatchException("cannot delete child key that does not exist");
                    var d = new Dictionary<RegoValue, RegoValue>(o.Items);
                    d.Remove(key);
                    return new RegoObject(d);
                }
                case RegoSet s:
                {
                    if (!s.Contains(key)) throw new PatchException("cannot delete child key that does not exist");
                    var h = new HashSet<RegoValue>(s.Items);
                    h.Remove(key);
                    return new RegoSet(h);
                }
                case RegoArray a:
                {
                    var idx = ToIndex(a.Count, key);
                    if (idx < 0 || idx > a.Count - 1) throw new PatchException("index for array delete out of bounds");
                    var items = new List<RegoValue>(a.Items.ToArray());
                    items.RemoveAt(idx);
                    return new RegoArray(items.ToArray());
                }
                default:
                    throw new PatchException("expected composite type");
            }
        });
    }
}
