namespace TfBnPort.Tensorflow;

/// <summary>Python's ValueError: a bad argument detected while building the graph.</summary>
public class ValueError(string message) : Exception(message);

/// <summary>Python's TypeError: a wrong dtype or kind of argument.</summary>
public class TypeError(string message) : Exception(message);

/// <summary>Python's KeyError.</summary>
public class KeyError(string message) : Exception(message);

/// <summary>An invalid feed or fetch passed to Session.run.</summary>
public class FeedError(string message) : ValueError(message);
