using TfBnPort.Reference;

namespace TfBnPort.Samples.CrossCheck;

/// <summary>
/// The float64 reference of one keras mode over successive training steps: each step's output
/// (channels last) and the moving statistics it leaves. Moving statistics start as keras's
/// initializers (mean 0, variance 1) and follow <see cref="MovingAverage.AssignSub"/> with the
/// float32 decay TF applies.
/// </summary>
internal abstract class ModeReference(int channels, double epsilon, double decay)
{
    protected double Epsilon { get; } = epsilon;
    protected double Decay { get; } = decay;
    public double[] MovingMean { get; protected set; } = Enumerable.Repeat(0.0, channels).ToArray();
    public double[] MovingVariance { get; protected set; } = Enumerable.Repeat(1.0, channels).ToArray();

    /// <summary>One training step on <paramref name="x"/> (channels last): the output, channels last; the moving statistics move.</summary>
    public abstract Batch Train(Batch x, double[] gamma, double[] beta);

    /// <summary>Plain non-fused BN (only the channel axis differs): the batch's moments feed the moving statistics.</summary>
    public sealed class Plain(int channels, double epsilon, double decay) : ModeReference(channels, epsilon, decay)
    {
        public override Batch Train(Batch x, double[] gamma, double[] beta)
        {
            var f = BatchNormReference.ForwardTraining(x, gamma, beta, Epsilon);
            MovingMean = MovingAverage.AssignSub(MovingMean, f.Mean, Decay);
            MovingVariance = MovingAverage.AssignSub(MovingVariance, f.Variance, Decay);
            return f.Output;
        }
    }

    /// <summary>Ghost batches: each normalized alone, the mean over ghosts of their moments feeds the moving statistics.</summary>
    public sealed class Ghost(int channels, double epsilon, double decay, int virtualBatchSize) : ModeReference(channels, epsilon, decay)
    {
        public int VirtualBatchSize => virtualBatchSize;

        public override Batch Train(Batch x, double[] gamma, double[] beta)
        {
            var r = GhostBatch.ForwardTraining(x, virtualBatchSize, gamma, beta, Epsilon);
            MovingMean = MovingAverage.AssignSub(MovingMean, r.UpdateMean, Decay);
            MovingVariance = MovingAverage.AssignSub(MovingVariance, r.UpdateVariance, Decay);
            return r.Output;
        }
    }

    /// <summary>Batch renorm: r and d against the renorm statistics; the moving variance follows the moving stddev.</summary>
    public sealed class Renormalized(int channels, double epsilon, double decay, RenormClipping clipping, double renormDecay)
        : ModeReference(channels, epsilon, decay)
    {
        private RenormState _state = RenormState.Initial(channels);

        public RenormState State => _state;

        public override Batch Train(Batch x, double[] gamma, double[] beta)
        {
            var step = Renorm.Train(x, _state, gamma, beta, Epsilon, clipping, Decay, renormDecay);
            _state = step.After;
            MovingMean = _state.MovingMean;
            MovingVariance = _state.MovingVariance;
            return step.Output;
        }
    }
}
