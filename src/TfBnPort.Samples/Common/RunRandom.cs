using NumSharp;
using TfBnPort.Data;

namespace TfBnPort.Samples;

/// <summary>
/// The NumPy RandomState a run uses where the document uses NumPy's global one (np.random):
/// the same MT19937 stream, but one per run, so runs in parallel never share it.
/// </summary>
public static class RunRandom
{
    /// <summary>A RandomState seeded with <paramref name="seed"/>, or from entropy when null (np.random.seed(None)).</summary>
    public static NumPyRandom Create(int? seed)
    {
        var random = np.random.RandomState();
        LegacyRandom.Seed(random, seed is { } s ? (uint)s : null);
        return random;
    }
}
