namespace TfBnPort.Tensorflow.Interop.Safety;

/// <summary>
/// How deeply a protobuf text-format document nests its messages ({…} or &lt;…&gt;, outside quoted
/// strings and # comments), measured before the recursive-descent parser would recurse that deep.
/// </summary>
internal static class TextNesting
{
    public static int Depth(string text)
    {
        int depth = 0, max = 0;
        char? quote = null;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quote is { } q)
            {
                if (c == '\\') i++;
                else if (c == q) quote = null;
                continue;
            }
            switch (c)
            {
                case '"' or '\'': quote = c; break;
                case '#': while (i < text.Length && text[i] != '\n') i++; break;
                case '{' or '<': max = Math.Max(max, ++depth); break;
                case '}' or '>': depth--; break;
            }
        }
        return max;
    }
}
