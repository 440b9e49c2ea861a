namespace TfBnPort.Console;

public static class App
{
    public static int Main(string[] args)
    {
        System.Console.WriteLine($"TensorFlow {TfBnPort.Tensorflow.tf.VERSION}");
        return 0;
    }
}
