namespace TfBnPort.Tensorflow.Native;

/// <summary>A non-OK status from the TensorFlow runtime, with TensorFlow's own message.</summary>
public class TensorflowException(TF_Code code, string message) : Exception(message)
{
    public TF_Code Code { get; } = code;
}
