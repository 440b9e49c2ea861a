namespace TfBnPort.Acquisition;

/// <summary>Raised when a required artifact cannot be fetched or does not verify.</summary>
public sealed class AcquisitionException(string message, Exception? inner = null) : Exception(message, inner);
