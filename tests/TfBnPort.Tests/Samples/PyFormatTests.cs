using TfBnPort.Samples;

namespace TfBnPort.Tests.Samples;

/// <summary>The log lines' number formats, as CPython prints them.</summary>
public class PyFormatTests
{
    [Theory]
    [InlineData(0.125, 2, 0, "0.12")]      // '%.2f' % 0.125: an exact tie, rounded to even
    [InlineData(0.375, 2, 0, "0.38")]
    [InlineData(95.3125, 2, 0, "95.31")]
    [InlineData(12.5, 0, 2, "12")]         // '%2.f' % 12.5
    [InlineData(7.0, 0, 2, " 7")]          // '%2.f' pads to width 2
    [InlineData(93.949997, 6, 4, "93.949997")] // '%4f': width 4, six decimals
    [InlineData(-0.5, 0, 0, "-0")]
    [InlineData(2.616575, 6, 0, "2.616575")]
    public void PercentF(double value, int precision, int width, string expected) =>
        Assert.Equal(expected, PyFormat.F(value, precision, width));

    [Fact]
    public void StrIsTheShortestRepr()
    {
        Assert.Equal("0.8952", PyFormat.Str(0.8952f));
        Assert.Equal("124.363106", PyFormat.Str(124.363106f)); // float32 needs nine digits here
        Assert.Equal("0.904", PyFormat.Str(0.904));
        Assert.Equal("1.0", PyFormat.Str(1.0));
        Assert.Equal("1e-05", PyFormat.Str(1e-5));
        Assert.Equal("0.0001", PyFormat.Str(1e-4));
    }

    [Fact]
    public void ShapesPrintAsPythonTuples()
    {
        Assert.Equal("(70000, 784)", PyFormat.Shape(70000, 784));
        Assert.Equal("(70000,)", PyFormat.Shape(70000));
    }
}
