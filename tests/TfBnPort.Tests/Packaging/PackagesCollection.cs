namespace TfBnPort.Tests.Packaging;

/// <summary>
/// The tests that build and install from the packed packages start dotnet pack, restores, a build and a
/// training run: they run one at a time, after the parallel tests, so that the timing-bound tests
/// (fuzzing budgets, hang detection) never share the two cores with them.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class PackagesCollection
{
    public const string Name = "Packages";
}
