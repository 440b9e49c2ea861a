namespace TfBnPort.Data;

/// <summary><c>numpy.array_split</c> along the first axis: the first <c>length % sections</c> parts get one extra element.</summary>
public static class ArraySplit
{
    public static int[] Sizes(int length, int sections)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        if (sections <= 0)
            throw new ArgumentOutOfRangeException(nameof(sections), sections, "number sections must be larger than 0.");
        var each = length / sections;
        var extras = length % sections;
        var sizes = new int[sections];
        for (int i = 0; i < sections; i++) sizes[i] = each + (i < extras ? 1 : 0);
        return sizes;
    }

    public static IEnumerable<ArraySegment<T>> Split<T>(T[] array, int sections)
    {
        ArgumentNullException.ThrowIfNull(array);
        var sizes = Sizes(array.Length, sections);
        return Iterate();

        IEnumerable<ArraySegment<T>> Iterate()
        {
            int offset = 0;
            foreach (var size in sizes)
            {
                yield return new ArraySegment<T>(array, offset, size);
                offset += size;
            }
        }
    }
}
