namespace TfBnPort.Tensorflow.Interop.Safety;

/// <summary>What an op outside the allowlist may reach, as `show` and the refusal name it.</summary>
public enum OpRisk
{
    /// <summary>Reads, writes or lists files (ReadFile, WriteFile, SaveV2 with a chosen path, readers, summary writers...).</summary>
    FileSystem,
    /// <summary>Talks to other machines or processes (debug ops with grpc:// URLs, Rpc, Send/Recv, collectives).</summary>
    Network,
    /// <summary>Acts on this process (PyFunc runs Python, Abort ends it, queues and barriers block it).</summary>
    Process,
    /// <summary>Pure computation whose declared size exceeds the limit (a huge Const or Fill).</summary>
    Memory,
    /// <summary>An op type not known to be pure computation (the allowlist does not hold it).</summary>
    Unlisted,
}
