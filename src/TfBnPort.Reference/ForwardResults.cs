namespace TfBnPort.Reference;

/// <summary>
/// A training-mode forward pass: the batch was normalized with its own statistics.
/// It is also the cache that <see cref="BatchNormReference.Backward(Batch, TrainingForward)"/> needs.
/// </summary>
/// <param name="Output">y = γ·x̂ + β, same shape as the input.</param>
/// <param name="Normalized">x̂ = (x − μ)/√(σ² + ε).</param>
/// <param name="InvStd">1/√(σ² + ε) per channel (σ² the biased batch variance).</param>
/// <param name="Gamma">γ used (ones when none was given).</param>
/// <param name="Beta">β used (zeros when none was given).</param>
/// <param name="Epsilon">ε used.</param>
/// <param name="Moments">The batch statistics: mean, biased σ², Bessel-corrected σ²·m/(m−1).</param>
public sealed record TrainingForward(
    Batch Output, Batch Normalized, double[] InvStd, double[] Gamma, double[] Beta, double Epsilon, BatchMoments Moments)
{
    /// <summary>Batch mean μ per channel.</summary>
    public double[] Mean => Moments.Mean;

    /// <summary>Biased batch variance σ² = Σ(x−μ)²/m per channel.</summary>
    public double[] Variance => Moments.Variance;

    /// <summary>Bessel-corrected batch variance σ²·m/(m−1) (factor 1 when m = 1).</summary>
    public double[] BesselVariance => Moments.BesselVariance;
}

/// <summary>
/// An inference-mode forward pass: the batch was normalized with given (moving) statistics,
/// which are constants for the backward pass.
/// </summary>
/// <param name="Output">y = γ·x̂ + β.</param>
/// <param name="Normalized">x̂ = (x − μ_moving)/√(σ²_moving + ε).</param>
/// <param name="InvStd">1/√(σ²_moving + ε) per channel.</param>
/// <param name="Gamma">γ used.</param>
/// <param name="Beta">β used.</param>
/// <param name="Epsilon">ε used.</param>
/// <param name="MovingMean">μ_moving used.</param>
/// <param name="MovingVariance">σ²_moving used.</param>
public sealed record InferenceForward(
    Batch Output, Batch Normalized, double[] InvStd, double[] Gamma, double[] Beta, double Epsilon,
    double[] MovingMean, double[] MovingVariance);

/// <summary>Gradients of a scalar loss L with respect to BN's inputs, given dy = ∂L/∂y.</summary>
/// <param name="Dx">∂L/∂x, same shape as x.</param>
/// <param name="DGamma">∂L/∂γ = Σ_r dy·x̂ per channel.</param>
/// <param name="DBeta">∂L/∂β = Σ_r dy per channel.</param>
public sealed record BatchNormGradients(Batch Dx, double[] DGamma, double[] DBeta);
