using NumSharp;

namespace TfBnPort.Data;

/// <summary>
/// A contiguous NDArray seen as rows along its first axis, gathered by index with plain memory
/// copies (NumPy's <c>a[index_array]</c> for any dtype), which NumSharp's fancy indexing makes slow.
/// </summary>
internal sealed class RowTable
{
    private readonly NDArray _data;
    private readonly long[] _rowShape;
    private readonly long _rowBytes;

    public RowTable(NDArray data)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.ndim < 1) throw new ArgumentException("A row table needs an array with at least one dimension.", nameof(data));
        // Raw addressing needs an unsliced C-contiguous buffer; NumSharp refuses Address on views.
        _data = data.Shape.IsContiguous && !data.Shape.IsSliced ? data : data.copy();
        var dims = _data.shape;
        Count = checked((int)dims[0]);
        _rowShape = dims[1..].Select(d => (long)d).ToArray();
        _rowBytes = _data.dtypesize * _rowShape.Aggregate(1L, (a, b) => a * b);
    }

    public int Count { get; }
    public NPTypeCode TypeCode => _data.typecode;

    /// <summary>The whole table as an NDArray (shares memory with the table).</summary>
    public NDArray All => _data;

    public unsafe NDArray Gather(ReadOnlySpan<int> rows)
    {
        var shape = new long[_rowShape.Length + 1];
        shape[0] = rows.Length;
        _rowShape.CopyTo(shape, 1);
        var result = new NDArray(_data.typecode, new Shape(shape));
        if (_rowBytes == 0 || rows.Length == 0) return result;
        var src = (byte*)_data.Unsafe.Address;
        var dst = (byte*)result.Unsafe.Address;
        for (int i = 0; i < rows.Length; i++)
        {
            var r = rows[i];
            if ((uint)r >= (uint)Count) throw new ArgumentOutOfRangeException(nameof(rows), r, $"Row index outside 0..{Count - 1}.");
            Buffer.MemoryCopy(src + r * _rowBytes, dst + i * _rowBytes, _rowBytes, _rowBytes);
        }
        GC.KeepAlive(_data);
        return result;
    }

    /// <summary>The first <paramref name="count"/> rows as a new table (a copy).</summary>
    public RowTable Head(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, Count);
        return new RowTable(Gather(Enumerable.Range(0, count).ToArray()));
    }
}
