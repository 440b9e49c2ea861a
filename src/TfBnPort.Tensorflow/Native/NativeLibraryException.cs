namespace TfBnPort.Tensorflow.Native;

/// <summary>The TensorFlow C library could not be found, fetched, verified or loaded.</summary>
public sealed class NativeLibraryException(string message, Exception? inner = null) : Exception(message, inner);
