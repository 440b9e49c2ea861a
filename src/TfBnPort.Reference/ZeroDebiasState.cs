namespace TfBnPort.Reference;

/// <summary>
/// The hidden state of <c>moving_averages.assign_moving_average(..., zero_debias=True)</c>
/// (TF 1.15 python/training/moving_averages.py, <c>_zero_debias</c>): two extra variables created
/// next to the averaged one, <c>&lt;var&gt;/biased</c> (zeros) and <c>&lt;var&gt;/local_step</c> (0).
/// <para>
/// An EMA started at 0 is biased towards 0: after t steps of a constant c it holds c·(1 − decayᵗ).
/// Debiasing divides that out (as Adam does). Each update runs
/// <code>
///   biased     −= (biased − value)·(1 − decay)
///   local_step += 1
///   variable    = biased / (1 − decay^local_step)        (an Assign: the old value is not used)
/// </code>
/// so with a constant input the variable holds exactly that value from the first step on, and in
/// general variable_t = (1 − decay)·Σ_k decay^(t−k)·value_k / (1 − decayᵗ).
/// </para>
/// </summary>
/// <param name="Biased">The zero-started, biased EMA.</param>
/// <param name="LocalStep">How many updates have run.</param>
public sealed record ZeroDebiasState(double[] Biased, long LocalStep)
{
    /// <summary>The state before any update: biased = 0, local_step = 0.</summary>
    public static ZeroDebiasState Start(int channels) => new(new double[channels], 0);

    /// <summary>One update with <paramref name="value"/>.</summary>
    /// <returns>The value the debiased variable is assigned, and the next state.</returns>
    public (double[] Variable, ZeroDebiasState Next) Update(double[] value, double decay)
    {
        MovingAverage.CheckPair(Biased, value);
        double[] biased = MovingAverage.AssignSub(Biased, value, decay);
        long step = LocalStep + 1;

        // TF passes 1 − decay into _zero_debias and forms the factor as 1 − (1 − (1 − decay))^step;
        // the same arrangement here, which is 1 − decay^step.
        double oneMinusDecay = 1 - decay;
        double biasFactor = 1 - Math.Pow(1 - oneMinusDecay, step);

        var variable = new double[biased.Length];
        for (int i = 0; i < variable.Length; i++)
            variable[i] = biased[i] / biasFactor;
        return (variable, new ZeroDebiasState(biased, step));
    }
}
