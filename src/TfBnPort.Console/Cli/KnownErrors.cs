using TfBnPort.Acquisition;
using TfBnPort.Data;
using TfBnPort.Samples;
using TfBnPort.Tensorflow;
using TfBnPort.Tensorflow.Gradients;
using TfBnPort.Tensorflow.Native;

namespace TfBnPort.Console.Cli;

/// <summary>
/// The project's own exception types: their messages say what went wrong and how to fix it, so
/// the user gets the message and exit code 1, not a stack trace. Anything else is a bug and
/// keeps its stack trace.
/// </summary>
public static class KnownErrors
{
    public static bool IsKnown(Exception e) => e is NativeLibraryException or IdxFormatException or AcquisitionException
        or CheckpointException or ValueError or TypeError or KeyError or LookupError or TensorflowException
        or SampleException or UnauthorizedAccessException or IOException
        // The binding throws NotSupportedException only for TF1 features it does not port, with a message saying which.
        or NotSupportedException;

    /// <summary>Runs a command body; a known error becomes "error: MESSAGE" on <paramref name="error"/> and exit code 1.</summary>
    public static int Guard(TextWriter error, Func<int> body)
    {
        try
        {
            return body();
        }
        catch (Exception e) when (IsKnown(e))
        {
            error.WriteLine($"error: {e.Message}");
            return 1;
        }
    }
}
