using CsCheck;

namespace TfBnPort.Tests.Reliability.Support;

/// <summary>One change to a file's bytes; positions are taken modulo the length, so any mutation fits any file.</summary>
internal abstract record ByteMutation
{
    public abstract byte[] Apply(byte[] bytes);

    private static int At(int position, int length) => length == 0 ? 0 : position % length;

    public sealed record FlipBit(int Position, int Bit) : ByteMutation
    {
        public override byte[] Apply(byte[] bytes)
        {
            if (bytes.Length == 0) return bytes;
            var copy = (byte[])bytes.Clone();
            copy[At(Position, bytes.Length)] ^= (byte)(1 << Bit);
            return copy;
        }
    }

    public sealed record SetByte(int Position, byte Value) : ByteMutation
    {
        public override byte[] Apply(byte[] bytes)
        {
            if (bytes.Length == 0) return bytes;
            var copy = (byte[])bytes.Clone();
            copy[At(Position, bytes.Length)] = Value;
            return copy;
        }
    }

    public sealed record Truncate(int Length) : ByteMutation
    {
        public override byte[] Apply(byte[] bytes) => bytes[..At(Length, bytes.Length + 1)];
    }

    public sealed record Insert(int Position, byte[] Bytes) : ByteMutation
    {
        public override byte[] Apply(byte[] bytes)
        {
            var at = At(Position, bytes.Length + 1);
            return [.. bytes[..at], .. Bytes, .. bytes[at..]];
        }
    }

    public sealed record Remove(int Position, int Count) : ByteMutation
    {
        public override byte[] Apply(byte[] bytes)
        {
            var at = At(Position, bytes.Length + 1);
            return [.. bytes[..at], .. bytes[Math.Min(bytes.Length, at + Count)..]];
        }
    }

    /// <summary>A big-endian uint32 written over 4 bytes (IDX dimensions, lengths, offsets).</summary>
    public sealed record SetUInt32(int Position, uint Value) : ByteMutation
    {
        public override byte[] Apply(byte[] bytes)
        {
            if (bytes.Length < 4) return bytes;
            var copy = (byte[])bytes.Clone();
            System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(copy.AsSpan(At(Position, bytes.Length - 3)), Value);
            return copy;
        }
    }

    private static readonly Gen<int> AnyPosition = Gen.Int[0, int.MaxValue];

    /// <summary>Any one mutation; interesting values (0, all ones, sign bits, sizes near limits) come often.</summary>
    public static readonly Gen<ByteMutation> Any = Gen.OneOf<ByteMutation>(
        Gen.Select(AnyPosition, Gen.Int[0, 7], (p, b) => (ByteMutation)new FlipBit(p, b)),
        Gen.Select(AnyPosition, Gen.Byte, (p, v) => (ByteMutation)new SetByte(p, v)),
        AnyPosition.Select(l => (ByteMutation)new Truncate(l)),
        Gen.Select(AnyPosition, Gen.Byte.Array[1, 16], (p, b) => (ByteMutation)new Insert(p, b)),
        Gen.Select(AnyPosition, Gen.Int[1, 16], (p, c) => (ByteMutation)new Remove(p, c)),
        Gen.Select(AnyPosition, Gen.OneOf(Gen.Const(0u), Gen.Const(1u), Gen.Const(0x7fffffffu), Gen.Const(0x80000000u), Gen.Const(uint.MaxValue), Gen.UInt),
            (p, v) => (ByteMutation)new SetUInt32(p, v)));

    /// <summary>One to four mutations applied in turn.</summary>
    public static readonly Gen<ByteMutation[]> Several = Any.Array[1, 4];

    public static byte[] ApplyAll(byte[] bytes, IEnumerable<ByteMutation> mutations) =>
        mutations.Aggregate(bytes, (b, m) => m.Apply(b));
}
