namespace GeoFence.Fuzzing.Mutation;

/// <summary>Kind of a JSON token found by <see cref="JsonTokens.Scan"/>.</summary>
public enum JsonTokenKind
{
    /// <summary>A string used as a member name.</summary>
    Key,

    /// <summary>A string value.</summary>
    Text,

    /// <summary>A number.</summary>
    Number,

    /// <summary>true, false or null.</summary>
    Literal,

    /// <summary>An object, braces included.</summary>
    Members,

    /// <summary>An array, brackets included.</summary>
    Elements,
}

/// <summary>One token: [From, To) in the buffer, its kind, and whether its parent is an array.</summary>
/// <param name="From">First byte.</param>
/// <param name="To">One past the last byte.</param>
/// <param name="Kind">What it is.</param>
/// <param name="InArray">True when it is an array element.</param>
public readonly record struct JsonToken(int From, int To, JsonTokenKind Kind, bool InArray);

/// <summary>A forgiving scanner that finds the tokens of (possibly already broken) JSON text.</summary>
public static class JsonTokens
{
    /// <summary>Every key, value and container it can delimit; unbalanced containers are left out.</summary>
    public static List<JsonToken> Scan(List<byte> b)
    {
        ArgumentNullException.ThrowIfNull(b);
        var tokens = new List<JsonToken>();
        var open = new Stack<(int At, bool InArray)>();
        for (var i = 0; i < b.Count; i++)
        {
            var inArray = open.Count > 0 && b[open.Peek().At] == (byte)'[';
            switch (b[i])
            {
                case (byte)'"':
                    var end = StringEnd(b, i);
                    var key = NextNonSpace(b, end) is { } next && b[next] == (byte)':';
                    tokens.Add(new JsonToken(i, end, key ? JsonTokenKind.Key : JsonTokenKind.Text, inArray));
                    i = end - 1;
                    break;
                case (byte)'{' or (byte)'[':
                    open.Push((i, inArray));
                    break;
                case (byte)'}' or (byte)']':
                    if (open.Count > 0)
                    {
                        var (at, parentIsArray) = open.Pop();
                        tokens.Add(new JsonToken(at, i + 1, b[at] == (byte)'{' ? JsonTokenKind.Members : JsonTokenKind.Elements, parentIsArray));
                    }

                    break;
                case (byte)'-' or (>= (byte)'0' and <= (byte)'9'):
                    var n = i + 1;
                    while (n < b.Count && b[n] is (byte)'.' or (byte)'e' or (byte)'E' or (byte)'+' or (byte)'-' or (>= (byte)'0' and <= (byte)'9'))
                    {
                        n++;
                    }

                    tokens.Add(new JsonToken(i, n, JsonTokenKind.Number, inArray));
                    i = n - 1;
                    break;
                case (byte)'t' or (byte)'f' or (byte)'n':
                    var l = i + 1;
                    while (l < b.Count && b[l] is >= (byte)'a' and <= (byte)'z')
                    {
                        l++;
                    }

                    tokens.Add(new JsonToken(i, l, JsonTokenKind.Literal, inArray));
                    i = l - 1;
                    break;
            }
        }

        return tokens;
    }

    private static int StringEnd(List<byte> b, int quote)
    {
        for (var i = quote + 1; i < b.Count; i++)
        {
            if (b[i] == (byte)'\\')
            {
                i++;
            }
            else if (b[i] == (byte)'"')
            {
                return i + 1;
            }
        }

        return b.Count;
    }

    private static int? NextNonSpace(List<byte> b, int from)
    {
        for (var i = from; i < b.Count; i++)
        {
            if (b[i] is not ((byte)' ' or (byte)'\n' or (byte)'\r' or (byte)'\t'))
            {
                return i;
            }
        }

        return null;
    }
}
