namespace TfBnPort.Tensorflow;

/// <summary>
/// The constructor arguments of TF 1.15's keras BatchNormalization (V1), with TF's names and
/// defaults: what <see cref="KerasBatchNorm"/> builds from. The core layer (tf.layers) and
/// contrib's batch_norm both fill one.
/// </summary>
internal sealed record BatchNormOptions
{
    public BatchNormAxis Axis { get; init; } = -1;
    public double Momentum { get; init; } = 0.99;
    public double Epsilon { get; init; } = 1e-3;
    public bool Center { get; init; } = true;
    public bool Scale { get; init; } = true;
    public IInitializer? BetaInitializer { get; init; }
    public IInitializer? GammaInitializer { get; init; }
    public IInitializer? MovingMeanInitializer { get; init; }
    public IInitializer? MovingVarianceInitializer { get; init; }
    public Func<Tensor, Tensor>? BetaRegularizer { get; init; }
    public Func<Tensor, Tensor>? GammaRegularizer { get; init; }
    public Func<Tensor, Tensor>? BetaConstraint { get; init; }
    public Func<Tensor, Tensor>? GammaConstraint { get; init; }
    public bool Renorm { get; init; }

    /// <summary>Keys "rmax", "rmin", "dmax" to a number or a scalar tensor; a missing key means no clipping on that side.</summary>
    public IReadOnlyDictionary<string, object>? RenormClipping { get; init; }
    public double RenormMomentum { get; init; } = 0.99;

    /// <summary>V1 rule: null or true means "fused when possible" (rank 4, axis 1 or 3, no renorm, virtual batch or adjustment).</summary>
    public bool? Fused { get; init; }
    public bool Trainable { get; init; } = true;
    public int? VirtualBatchSize { get; init; }

    /// <summary>Takes the input's dynamic shape, returns (scale, bias) applied to the normalized values in training only.</summary>
    public Func<Tensor, (Tensor Scale, Tensor Bias)>? Adjustment { get; init; }

    private static readonly string[] ClippingKeys = { "rmax", "rmin", "dmax" };

    /// <summary>The checks BatchNormalizationBase.__init__ makes, with its messages.</summary>
    public void Validate()
    {
        if (Renorm && RenormClipping is { } clipping)
        {
            var unknown = clipping.Keys.Except(ClippingKeys).ToList();
            if (unknown.Count > 0)
                throw new ValueError($"renorm_clipping {{{string.Join(", ", clipping.Select(kv => $"'{kv.Key}': {kv.Value}"))}}} contains keys not in ['rmax', 'rmin', 'dmax']");
        }
    }

    /// <summary>_fused_can_be_used (V1): fused needs no renorm, one axis in (-3, -1, 1, 3), no virtual batch, no adjustment.</summary>
    public bool FusedCanBeUsed =>
        !Renorm && Axis.Axes.Count == 1 && (Axis.Axes[0] is -3 or -1 or 1 or 3) && VirtualBatchSize is null && Adjustment is null;
}
