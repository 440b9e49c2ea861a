namespace TfBnPort.Tests.Reference;

using TfBnPort.Reference;

public class BatchTests
{
    [Fact]
    public void Nhwc_batch_is_viewed_as_m_rows_of_C_channels_with_m_equal_N_times_H_times_W()
    {
        int[] shape = [2, 3, 3, 4];
        double[] values = Enumerable.Range(0, 72).Select(i => (double)i).ToArray();
        var batch = new Batch(values, shape);

        Assert.Equal(4, batch.Channels);
        Assert.Equal(2 * 3 * 3, batch.Rows);
        // element [n=1, h=2, w=0, c=3] sits at flat index ((1·3 + 2)·3 + 0)·4 + 3 = 63, i.e. row 15, channel 3
        Assert.Equal(63.0, batch[15, 3]);
        Assert.Equal(shape, batch.ShapeArray());
    }

    [Fact]
    public void Matrix_round_trip_keeps_rows_as_samples_and_columns_as_channels()
    {
        var x = new double[,] { { 1, 2, 3 }, { 4, 5, 6 } };
        var batch = Batch.FromMatrix(x);

        Assert.Equal(2, batch.Rows);
        Assert.Equal(3, batch.Channels);
        Assert.Equal(6.0, batch[1, 2]);
        Assert.Equal(new double[] { 1, 2, 3, 4, 5, 6 }, batch.ToArray());
        Assert.Equal(x, batch.ToMatrix());
    }

    [Fact]
    public void Batch_copies_its_input_so_later_changes_do_not_leak_in()
    {
        double[] values = [1, 2, 3, 4];
        var batch = new Batch(values, [2, 2]);
        values[0] = 100;
        Assert.Equal(1.0, batch[0, 0]);
    }

    [Theory]
    [InlineData(new[] { 2, 3 }, 5)]      // wrong count
    [InlineData(new[] { 6 }, 6)]         // rank 1
    [InlineData(new[] { 0, 3 }, 0)]      // empty dimension
    public void Invalid_shapes_are_refused(int[] shape, int count)
    {
        Assert.Throws<ArgumentException>(() => new Batch(new double[count], shape));
    }
}
