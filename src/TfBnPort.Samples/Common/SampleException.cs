namespace TfBnPort.Samples;

/// <summary>A sample cannot run with the options given (unknown name, a limit smaller than a batch...). The message says what to change.</summary>
public sealed class SampleException(string message) : Exception(message);
