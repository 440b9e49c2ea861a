namespace TfBnPort.Tensorflow;

/// <summary>
/// TF 1.15's keras BatchNormalization (V1, the class under tf.layers): build (variables, in TF's
/// order and names) and call (fused or moments path, renorm, adjustment, virtual batches). One
/// object per layer; <see cref="Call(Tensor, object)"/> may run several times on built weights.
/// Scopes are the caller's business: tf.layers.BatchNormalization opens the layer's variable scope.
/// </summary>
internal sealed partial class KerasBatchNorm
{
    private readonly BatchNormOptions _o;
    private Tensor? _inputs;
    private int[] _axis = Array.Empty<int>();
    private int _ndims;
    private Dictionary<int, long> _axisDims = new();
    private string _dataFormat = "NHWC";
    private Tensor? _gammaConst, _betaConst;
    private readonly List<Tensor> _losses = new();
    private readonly List<Variable> _weights = new();

    public KerasBatchNorm(BatchNormOptions options)
    {
        options.Validate();
        _o = options;
    }

    /// <summary>Builds at once on <paramref name="inputs"/> in the current variable scope; <see cref="Call(object)"/> then normalizes them.</summary>
    public KerasBatchNorm(Graph graph, Tensor inputs, BatchNormOptions options) : this(options)
    {
        using var _ = graph.as_default();
        Build(inputs);
        _inputs = inputs;
    }

    /// <summary>The original single-axis constructor (contrib's batch_norm delegates through it).</summary>
    public KerasBatchNorm(Graph graph, Tensor inputs, int axis, double momentum, double epsilon, bool center, bool scale, bool trainable, bool? fused,
        IInitializer? betaInit, IInitializer? gammaInit, IInitializer? movingMeanInit, IInitializer? movingVarInit)
        : this(graph, inputs, new BatchNormOptions
        {
            Axis = axis, Momentum = momentum, Epsilon = epsilon, Center = center, Scale = scale, Trainable = trainable, Fused = fused,
            BetaInitializer = betaInit, GammaInitializer = gammaInit, MovingMeanInitializer = movingMeanInit, MovingVarianceInitializer = movingVarInit,
        })
    {
    }

    public BatchNormOptions Options => _o;

    /// <summary>
    /// TF's private _bessels_correction_test_only (true): the fused path feeds the kernel's
    /// Bessel-corrected variance to the moving average; false scales it back by (n − 1)/n.
    /// Read when the layer is called, as in TF.
    /// </summary>
    public bool BesselsCorrectionTestOnly { get; set; } = true;
    public bool Built { get; private set; }
    public bool Fused { get; private set; }
    public Variable? Gamma { get; private set; }
    public Variable? Beta { get; private set; }

    /// <summary>gamma/beta when a partitioner was in scope (then Gamma/Beta are null): TF's PartitionedVariable.</summary>
    public PartitionedVariable? GammaPartitioned { get; private set; }
    public PartitionedVariable? BetaPartitioned { get; private set; }

    /// <summary>gamma/beta as a tensor: the read snapshot, or a new concatenation of the parts (as each TF conversion builds).</summary>
    private Tensor? GammaValue() => Gamma?.Snapshot ?? GammaPartitioned?.AsTensor();
    private Tensor? BetaValue() => Beta?.Snapshot ?? BetaPartitioned?.AsTensor();
    public Variable MovingMean { get; private set; } = null!;
    public Variable MovingVariance { get; private set; } = null!;

    /// <summary>renorm only: the inference stddev the moving variance is derived from, and the training-time averages.</summary>
    public Variable? MovingStddev { get; private set; }
    public Variable? RenormMean { get; private set; }
    public Variable? RenormStddev { get; private set; }

    /// <summary>The variables in creation order (gamma, beta, moving_mean, moving_variance, then renorm's).</summary>
    public IReadOnlyList<Variable> Weights => _weights;

    /// <summary>The regularization losses of newly created gamma/beta (also filed under REGULARIZATION_LOSSES).</summary>
    public IReadOnlyList<Tensor> Losses => _losses;

    /// <summary>The axes after build: non-negative, shifted by one with virtual batches.</summary>
    public IReadOnlyList<int> Axis => _axis;

    /// <summary>Normalizes the inputs given to the building constructor.</summary>
    public (Tensor Outputs, List<object> Updates) Call(object training) =>
        Call(_inputs ?? throw new InvalidOperationException("This KerasBatchNorm was built without inputs; call Call(inputs, training)."), training);

    /// <summary>keras call(inputs, training): the output, and the update ops (Operations) it made.</summary>
    public (Tensor Outputs, List<object> Updates) Call(Tensor inputs, object training)
    {
        if (!Built) throw new InvalidOperationException("Build the layer before calling it.");
        CheckInputSpec(inputs);
        var updates = new List<object>();
        Func<Tensor, Tensor>? undo = null;
        if (_o.VirtualBatchSize is not null) (inputs, undo) = ToVirtualBatches(inputs);
        var outputs = Fused ? FusedCall(inputs, training, updates) : NonFusedCall(inputs, training, updates);
        return (undo is null ? outputs : undo(outputs), updates);
    }

    /// <summary>keras build(input_shape): resolves the axes, picks fused or not, creates the variables.</summary>
    public void Build(Tensor inputs)
    {
        if (Built) throw new InvalidOperationException("The layer is already built.");
        var shape = inputs.Shape;
        if (!shape.IsKnownRank || shape.Rank == 0) throw new ValueError($"Input has undefined rank: {shape} ({inputs.Name}).");
        var ndims = shape.Rank;
        var axis = _o.Axis.Axes.Select(x => x < 0 ? x + ndims : x).ToArray();
        foreach (var x in axis)
            if (x < 0 || x >= ndims) throw new ValueError($"Invalid axis: {x} (input {inputs.Name} has rank {ndims}).");
        if (axis.Distinct().Count() != axis.Length) throw new ValueError($"Duplicate axis: [{string.Join(", ", axis)}]");
        if (_o.VirtualBatchSize is { } vbs)
        {
            if (vbs <= 0) throw new ValueError("virtual_batch_size must be a positive integer that divides the true batch size of the input Tensor");
            if (axis.Contains(0)) throw new ValueError("When using virtual_batch_size, the batch dimension must be 0 and thus axis cannot include 0");
            if (_o.Adjustment is not null) throw new ValueError("When using virtual_batch_size, adjustment cannot be specified");
        }
        // V1: fused=None/True means "fused if it can be": rank 4, one axis in (1, 3), no renorm/virtual batch/adjustment.
        Fused = (_o.Fused ?? true) && ndims == 4 && _o.FusedCanBeUsed;
        if (Fused)
            _dataFormat = axis[0] switch
            {
                1 => "NCHW",
                3 => "NHWC",
                _ => throw new ValueError("Unsupported axis, fused batch norm only supports axis == [1] or axis == [3]"),
            };
        var axisToDim = axis.ToDictionary(x => x, x => shape[x]);
        if (axisToDim.Values.Any(d => d < 0)) throw new ValueError($"Input has undefined `axis` dimension. Input shape: {shape} ({inputs.Name}).");
        _ndims = ndims;
        _axisDims = axisToDim;

        int[] paramShape;
        if (axis.Length == 1 && _o.VirtualBatchSize is null) paramShape = new[] { (int)axisToDim[axis[0]] };
        else
        {
            var dims = Enumerable.Range(0, ndims).Select(i => axisToDim.TryGetValue(i, out var d) ? (int)d : 1).ToList();
            if (_o.VirtualBatchSize is not null)
            {
                // The virtual-batch reshape adds a dimension at index 1.
                dims.Insert(1, 1);
                axis = axis.Select(x => x + 1).ToArray();
            }
            paramShape = dims.ToArray();
        }
        _axis = axis;
        CreateWeights(paramShape, ParamDType(inputs.DType));
        Built = true;
    }

    /// <summary>_param_dtype: float16 (and bfloat16) inputs get float32 variables.</summary>
    private static DType ParamDType(DType input) => input.BaseType() is DType.Half ? DType.Float : input.BaseType() is DType.Double ? DType.Double : DType.Float;

    /// <summary>The variable scope the weights live in ("batch_normalization"), naming the layer in errors.</summary>
    private string LayerName => MovingMean.OpName.LastIndexOf('/') is var i and > 0 ? MovingMean.OpName[..i] : MovingMean.OpName;

    /// <summary>The InputSpec check of later calls: same rank, same sizes on the normalized axes.</summary>
    private void CheckInputSpec(Tensor inputs)
    {
        var shape = inputs.Shape;
        if (!shape.IsKnownRank || shape.Rank != _ndims)
            throw new ValueError($"Input 0 of layer {LayerName} is incompatible with the layer: expected ndim={_ndims}, found ndim={(shape.IsKnownRank ? shape.Rank : -1)}. Full shape received: {shape}");
        foreach (var (axis, dim) in _axisDims)
            if (shape[axis] >= 0 && shape[axis] != dim)
                throw new ValueError($"Input 0 of layer {LayerName} is incompatible with the layer: expected axis {axis} of input shape to have value {dim} but received input with shape {shape}");
    }
}
