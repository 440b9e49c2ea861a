namespace TfBnPort.Reference;

/// <summary>
/// The exponential-moving-average update rules TF 1.x uses for BN's moving statistics, in exact
/// (float64) arithmetic. "decay" is the weight kept from the old value: keras/tf.layers call it
/// <c>momentum</c> (default 0.99), tf.contrib.layers.batch_norm calls it <c>decay</c> (0.999).
/// </summary>
public static class MovingAverage
{
    /// <summary>
    /// <c>variable −= (variable − value)·(1 − decay)</c>: an AssignSub, as in keras
    /// <c>BatchNormalization._assign_moving_average</c> and
    /// <c>moving_averages.assign_moving_average(zero_debias=False)</c>.
    /// </summary>
    /// <returns>The new value of the variable (inputs are not modified).</returns>
    public static double[] AssignSub(double[] variable, double[] value, double decay)
    {
        CheckPair(variable, value);
        var next = new double[variable.Length];
        for (int i = 0; i < next.Length; i++)
            next[i] = variable[i] - (variable[i] - value[i]) * (1 - decay);
        return next;
    }

    /// <summary>
    /// <c>variable = variable·decay + value·(1 − decay)</c>: the hand-written
    /// <c>tf.assign(pop, pop*decay + batch*(1-decay))</c> of seed 001. Equal to
    /// <see cref="AssignSub"/> in exact arithmetic; in float32 the two forms round differently.
    /// </summary>
    public static double[] Interpolate(double[] variable, double[] value, double decay)
    {
        CheckPair(variable, value);
        var next = new double[variable.Length];
        for (int i = 0; i < next.Length; i++)
            next[i] = variable[i] * decay + value[i] * (1 - decay);
        return next;
    }

    /// <summary>
    /// Closed form of either non-debiased rule after <paramref name="steps"/> updates with the same
    /// <paramref name="value"/>, starting from <paramref name="initial"/>:
    /// v_n = value·(1 − decayⁿ) + initial·decayⁿ (each step shrinks the gap to value by decay).
    /// </summary>
    public static double AfterConstant(double initial, double value, double decay, int steps)
    {
        if (steps < 0) throw new ArgumentOutOfRangeException(nameof(steps), steps, "steps must be ≥ 0.");
        double kept = Math.Pow(decay, steps);
        return value * (1 - kept) + initial * kept;
    }

    /// <summary>
    /// The decay <c>tf.train.ExponentialMovingAverage(decay, num_updates)</c> applies
    /// (python/training/moving_averages.py, <c>apply</c>): <c>decay</c> when num_updates is None,
    /// else min(decay, (1 + num_updates)/(10 + num_updates)), which starts small so early averages move fast.
    /// </summary>
    public static double EmaDecay(double decay, long? numUpdates)
        => numUpdates is long n ? Math.Min(decay, (1.0 + n) / (10.0 + n)) : decay;

    internal static void CheckPair(double[] variable, double[] value)
    {
        ArgumentNullException.ThrowIfNull(variable);
        ArgumentNullException.ThrowIfNull(value);
        if (variable.Length != value.Length)
            throw new ArgumentException($"variable has {variable.Length} values, value {value.Length}.", nameof(value));
    }
}
