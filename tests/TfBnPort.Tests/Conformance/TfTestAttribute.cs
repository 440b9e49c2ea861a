namespace TfBnPort.Tests.Conformance;

/// <summary>
/// Names the TensorFlow 1.15 test a C# test ports, e.g.
/// <c>[TfTest("tensorflow/python/layers/normalization_test.py", "BNTest.testCreateBN")]</c>.
/// docs/tf-conformance.md lists every test of the ported files; the conformance check
/// (ConformanceTableTests) matches its "passed" rows against these attributes, so the table
/// cannot claim a test that is not here, and no ported test goes unlisted.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = true)]
public sealed class TfTestAttribute(string file, string test) : Attribute
{
    /// <summary>The TF 1.15 source file, relative to the tensorflow repository root.</summary>
    public string File { get; } = file;

    /// <summary>Class.method of the Python test, e.g. "BNTest.testCreateBN".</summary>
    public string Test { get; } = test;
}
