using NumSharp;
using TfBnPort.Tensorflow;

namespace TfBnPort.Tests.Interop;

/// <summary>Inputs and comparisons shared by the meta graph tests.</summary>
internal static class MetaGraphTestKit
{
    /// <summary>Fixed pseudo-random "images": rows of 784 values in [0, 1).</summary>
    public static NDArray Images(int rows, int seed)
    {
        var random = new Random(seed);
        var values = new float[rows * 784];
        for (var i = 0; i < values.Length; i++) values[i] = (float)random.NextDouble();
        return np.array(values).reshape(rows, 784);
    }

    /// <summary>One-hot labels 0,1,2,... cycling over the 10 classes.</summary>
    public static NDArray OneHot(int rows)
    {
        var labels = new float[rows, 10];
        for (var i = 0; i < rows; i++) labels[i, i % 10] = 1;
        return np.array(labels);
    }

    public static float[] Floats(NDArray a) => a.ToArray<float>();

    /// <summary>The float32 values of one variable, by its name ("scope/v:0"), from the graph's global variables.</summary>
    public static float[] ValueOf(Session sess, Graph graph, string variableName)
    {
        var variable = graph.GetCollection(GraphKeys.GLOBAL_VARIABLES).OfType<Variable>().Single(v => v.Name == variableName);
        return sess.run(variable.Snapshot).ToArray<float>();
    }
}
