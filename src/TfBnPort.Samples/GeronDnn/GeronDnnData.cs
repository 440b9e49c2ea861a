using NumSharp;
using TfBnPort.Data;

namespace TfBnPort.Samples.GeronDnn;

/// <summary>Seed 002's data: tf.keras.datasets.mnist.load_data(), scaled, the first 5,000 training digits as validation.</summary>
public sealed record GeronDnnData(NDArray X_train, NDArray y_train, NDArray X_valid, NDArray y_valid, NDArray X_test, NDArray y_test)
{
    public static GeronDnnData Load(int? limit, int? testLimit)
    {
        var ((X_train, y_train), (X_test, y_test)) = KerasMnist.LoadData();
        X_train = Rows.ScaledFloat32(X_train).reshape(-1, 28 * 28);
        X_test = Rows.ScaledFloat32(X_test).reshape(-1, 28 * 28);
        y_train = y_train.astype(NPTypeCode.Int32);
        y_test = y_test.astype(NPTypeCode.Int32);
        NDArray X_valid, y_valid;
        (X_valid, X_train) = (Rows.Slice(X_train, 0, 5000), Rows.Slice(X_train, 5000, Rows.Count(X_train)));
        (y_valid, y_train) = (Rows.Slice(y_train, 0, 5000), Rows.Slice(y_train, 5000, Rows.Count(y_train)));
        // --limit / --test-limit (not in the document): the first N of each part.
        return new GeronDnnData(Rows.Head(X_train, limit), Rows.Head(y_train, limit),
            Rows.Head(X_valid, testLimit), Rows.Head(y_valid, testLimit), Rows.Head(X_test, testLimit), Rows.Head(y_test, testLimit));
    }
}
