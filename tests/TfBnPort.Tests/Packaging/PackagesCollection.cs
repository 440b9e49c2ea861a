namespace TfBnPort.Tests.Packaging;

/// <summary>
/// The tests that build and install from the packed packages run one at a time: each starts dotnet
/// restores and builds that would otherwise compete for the same two cores.
/// </summary>
[CollectionDefinition(Name)]
public sealed class PackagesCollection
{
    public const string Name = "Packages";
}
