using NumSharp;

namespace TfBnPort.Data;

/// <summary>
/// TF 1.15's <c>tensorflow.contrib.learn.python.learn.datasets.mnist.DataSet</c> (what
/// <c>input_data.read_data_sets</c> returns per split): float32 images scaled by float32(1/255),
/// and <see cref="NextBatch"/> with the same shuffles, drawn from the same NumPy RNG stream.
/// </summary>
/// <remarks>
/// Python physically reorders its arrays at each shuffle; here the current order is an index
/// array into the original rows, which yields the same batches without copying the whole set
/// every epoch. <see cref="Images"/> and <see cref="Labels"/> show the current order, as Python's do.
/// </remarks>
public sealed class DataSet
{
    /// <summary>The float32 factor Python's <c>numpy.multiply(images, 1.0 / 255.0)</c> applies (the double, rounded to float32).</summary>
    public static readonly float PixelScale = (float)(1.0 / 255.0);

    private readonly RowTable _images;
    private readonly RowTable _labels;
    private readonly NumPyRandom _random;
    private int[] _order;
    private bool _shuffled;
    private (NDArray Images, NDArray Labels)? _current;

    /// <summary>
    /// Like <c>DataSet(images, labels, dtype=float32, reshape=True, seed=opSeed)</c> built in a graph
    /// whose graph-level seed is <paramref name="graphSeed"/>: reseeds the NumPy RNG
    /// (<paramref name="random"/>, default the global <c>np.random</c>) as TF does, then keeps the
    /// images as float32 [N, rows*cols].
    /// </summary>
    /// <param name="images">uint8 images [N, rows, cols, 1], [N, rows, cols] or already flat [N, d].</param>
    /// <param name="labels">Labels with N rows: uint8 digits [N] or one-hot float64 [N, classes].</param>
    /// <param name="seed">The op-level seed (DataSet's seed argument).</param>
    /// <param name="graphSeed">The graph-level seed (tf.set_random_seed).</param>
    /// <param name="random">The NumPy RNG to reseed; null: the global np.random.</param>
    public DataSet(NDArray images, NDArray labels, int? seed = null, long? graphSeed = null, NumPyRandom? random = null)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(labels);
        if (images.ndim < 1 || labels.ndim < 1 || images.shape[0] != labels.shape[0])
            throw new ArgumentException($"images.shape: ({string.Join(", ", images.shape)}) labels.shape: ({string.Join(", ", labels.shape)}) — they must have the same number of rows.");
        if (images.typecode != NPTypeCode.Byte)
            throw new ArgumentException($"DataSet takes uint8 images (as read from the IDX files) and scales them itself; got {images.typecode}.", nameof(images));

        _random = random ?? LegacyRandom.Global;
        LegacyRandom.Seed(_random, TfRandomSeed.NumpySeedForDataSet(graphSeed, seed));

        _images = new RowTable(ScaleToFloat(Flatten(images)));
        _labels = new RowTable(labels);
        _order = Identity(_images.Count);
    }

    private DataSet(RowTable images, RowTable labels, NumPyRandom random)
    {
        _images = images;
        _labels = labels;
        _random = random;
        _order = Identity(images.Count);
    }

    public int NumExamples => _images.Count;
    public int EpochsCompleted { get; private set; }

    /// <summary>Position of the next batch within the current epoch's order (Python's <c>_index_in_epoch</c>).</summary>
    public int IndexInEpoch { get; private set; }

    /// <summary>The images in the current (possibly shuffled) order, float32 [N, d].</summary>
    public NDArray Images => Current().Images;

    /// <summary>The labels in the current order.</summary>
    public NDArray Labels => Current().Labels;

    /// <summary>
    /// The next <paramref name="batchSize"/> examples: shuffled once before the very first batch
    /// and again at every epoch end, where the short remainder of the old epoch is completed with
    /// the head of the new one.
    /// </summary>
    public (NDArray Images, NDArray Labels) NextBatch(int batchSize, bool shuffle = true)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        var n = NumExamples;
        var start = IndexInEpoch;
        if (EpochsCompleted == 0 && start == 0 && shuffle)
            Reorder(LegacyRandom.Permutation(_random, n));

        if (start + batchSize > n)
        {
            EpochsCompleted++;
            var rest = Slice(_order, start, n);
            if (shuffle) Reorder(LegacyRandom.Permutation(_random, n));
            IndexInEpoch = batchSize - (n - start);
            var head = Slice(_order, 0, IndexInEpoch);
            var rows = new int[rest.Length + head.Length];
            rest.CopyTo(rows, 0);
            head.CopyTo(rows, rest.Length);
            return (_images.Gather(rows), _labels.Gather(rows));
        }

        IndexInEpoch += batchSize;
        var batch = Slice(_order, start, IndexInEpoch);
        return (_images.Gather(batch), _labels.Gather(batch));
    }

    /// <summary>
    /// The first <paramref name="count"/> examples (in the current order) as a fresh DataSet at
    /// epoch 0, sharing this one's RNG, for quick runs. Unlike constructing a DataSet, it does not reseed.
    /// </summary>
    public DataSet Take(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, NumExamples);
        var rows = _order[..count];
        return new DataSet(new RowTable(_images.Gather(rows)), new RowTable(_labels.Gather(rows)), _random);
    }

    private void Reorder(int[] permutation)
    {
        var next = new int[_order.Length];
        for (int i = 0; i < next.Length; i++) next[i] = _order[permutation[i]];
        _order = next;
        _shuffled = true;
        _current = null;
    }

    // Unshuffled, the arrays themselves (shared, as Python's are); afterwards a copy in the
    // current order, kept until the next shuffle.
    private (NDArray Images, NDArray Labels) Current() =>
        _current ??= _shuffled ? (_images.Gather(_order), _labels.Gather(_order)) : (_images.All, _labels.All);

    // Python slicing a[start:end]: clamped to the array, empty when end <= start.
    private static int[] Slice(int[] a, int start, int end)
    {
        start = Math.Clamp(start, 0, a.Length);
        end = Math.Clamp(end, 0, a.Length);
        return end <= start ? [] : a[start..end];
    }

    private static int[] Identity(int n)
    {
        var order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        return order;
    }

    private static NDArray Flatten(NDArray images)
    {
        var dims = images.shape;
        if (dims.Length == 4 && dims[3] != 1)
            throw new ArgumentException($"Images [N, rows, cols, depth] must have depth 1 to flatten; got depth {dims[3]}.", nameof(images));
        long width = 1;
        for (int i = 1; i < dims.Length; i++) width *= dims[i];
        return images.reshape(new Shape(dims[0], width));
    }

    /// <summary>
    /// images.astype(float32) * 1.0/255.0: NumPy casts the Python float to float32 and multiplies
    /// in float32, so each pixel is float32(p) * float32(1/255), rounded once.
    /// </summary>
    private static NDArray ScaleToFloat(NDArray bytes)
    {
        var source = bytes.ToArray<byte>();
        var scaled = new float[source.Length];
        var scale = PixelScale;
        for (int i = 0; i < source.Length; i++) scaled[i] = source[i] * scale;
        return new NDArray(scaled, new Shape(bytes.shape));
    }
}
