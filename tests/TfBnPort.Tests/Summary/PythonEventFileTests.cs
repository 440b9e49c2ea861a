using TfBnPort.Tensorflow.Summary;

namespace TfBnPort.Tests.Summary;

/// <summary>
/// An event file written by Python TensorFlow (Fixtures/python-tf, see its README): TensorFlow's own
/// record reader and ours read it alike, and LogDirectory finds its scalar series.
/// </summary>
public class PythonEventFileTests
{
    private static readonly string FixtureDir = Path.Combine(AppContext.BaseDirectory, "Summary", "Fixtures", "python-tf");

    [Fact]
    public void Our_reader_agrees_with_tensorflows_on_a_file_python_wrote()
    {
        var file = TensorflowRecords.SingleEventFile(FixtureDir);
        var theirs = TensorflowRecords.Read(file);
        var reader = new TfRecordReader(file);
        Assert.Equal(theirs, reader.Read().Select(r => r.Data).ToList());
        Assert.Empty(reader.Problems);
        Assert.Equal(101, theirs.Count);
    }

    [Fact]
    public void Its_scalars_are_the_values_the_python_script_logged()
    {
        var (runs, problems) = LogDirectory.Read(FixtureDir);
        Assert.Empty(problems);
        var run = Assert.Single(runs);
        Assert.Equal(".", run.Name);
        var series = run.Scalars["my_metric"];
        // generate_testdata.py: tf.summary.scalar("my_metric", 0.5*step, step=step) for step in range(100).
        Assert.Equal(Enumerable.Range(0, 100).Select(s => (long)s), series.Select(p => p.Step));
        Assert.Equal(Enumerable.Range(0, 100).Select(s => 0.5 * s), series.Select(p => p.Value));
        Assert.Equal(("scalar", 0L, 99L, 100), run.Tags["my_metric"]);
    }
}
