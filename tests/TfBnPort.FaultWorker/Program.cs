using TfBnPort.Tensorflow;
using TfBnPort.Tensorflow.Native;

namespace TfBnPort.FaultWorker;

/// <summary>
/// Entry point: `train DIR MAX_STEPS`, `native`, `read LIST_FILE [--load-variable]` or `models LIST_FILE`. Expected failures end with
/// one "error: ..." line and a distinct exit code, never a stack trace; anything else is a bug
/// and keeps .NET's full report.
/// </summary>
public static class Program
{
    public const int Usage = 2;
    public const int NativeLibraryMissing = 3;
    public const int CheckpointUnusable = 4;

    public static int Main(string[] args)
    {
        try
        {
            return args switch
            {
                ["train", var dir, var maxSteps] => KillableTraining.Run(dir, long.Parse(maxSteps)),
                ["native"] => ReportNativeVersion(),
                ["threads", var intra, var inter] => SessionThreads.Run(int.Parse(intra), int.Parse(inter)),
                ["meta-predict", var meta, var prefix, var input, var inputFile, var output, var outputFile] =>
                    MetaGraphPredict.Run(meta, prefix, input, inputFile, output, outputFile),
                ["read", var listFile] => CheckpointProbe.Run(listFile, loadVariables: false),
                ["read", var listFile, "--load-variable"] => CheckpointProbe.Run(listFile, loadVariables: true),
                ["models", var listFile] => ModelProbe.Run(listFile),
                _ => Fail(Usage, "usage: TfBnPort.FaultWorker train DIR MAX_STEPS | native | read LIST_FILE [--load-variable] | meta-predict META PREFIX INPUT_TENSOR INPUT_FILE OUTPUT_TENSOR OUTPUT_FILE | threads INTRA INTER | models LIST_FILE"),
            };
        }
        catch (NativeLibraryException e)
        {
            return Fail(NativeLibraryMissing, e.Message);
        }
        catch (CheckpointException e)
        {
            return Fail(CheckpointUnusable, e.Message);
        }
    }

    /// <summary>Loads the native library (the first P/Invoke goes through the resolver) and prints its version.</summary>
    private static int ReportNativeVersion()
    {
        Console.WriteLine($"TensorFlow {tf.VERSION} from {TensorflowLibrary.LoadedPath}");
        return 0;
    }

    private static int Fail(int code, string message)
    {
        Console.Error.WriteLine($"error: {message}");
        return code;
    }
}
