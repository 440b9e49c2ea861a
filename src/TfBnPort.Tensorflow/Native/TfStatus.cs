namespace TfBnPort.Tensorflow.Native;

/// <summary>
/// A TF_Status that turns a non-OK code into a <see cref="TensorflowException"/> carrying
/// TensorFlow's own message. Short-lived: create, pass to one call, check, dispose.
/// </summary>
public sealed class TfStatus : IDisposable
{
    public IntPtr Handle { get; private set; } = TfNative.TF_NewStatus();

    public TF_Code Code => TfNative.TF_GetCode(Handle);
    public string Message => TfNative.PtrToString(TfNative.TF_Message(Handle));

    /// <summary>Throws when the last call failed; <paramref name="context"/> says what was being done.</summary>
    public void Check(string? context = null)
    {
        var code = Code;
        if (code == TF_Code.OK) return;
        var message = Message;
        throw new TensorflowException(code, context is null ? message : $"{context}: {message}");
    }

    public void Dispose()
    {
        if (Handle == IntPtr.Zero) return;
        TfNative.TF_DeleteStatus(Handle);
        Handle = IntPtr.Zero;
    }
}
