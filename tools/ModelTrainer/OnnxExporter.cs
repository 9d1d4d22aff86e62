using System.Security.Cryptography;
using Microsoft.ML;

namespace ModelTrainer;

/// <summary>
/// Writes a trained model as <c>model.onnx</c> in its version folder and returns the file's SHA-256 for the manifest.
/// The graph's inputs are the columns of the features-only view it is given (no label), its outputs the columns named.
/// </summary>
internal static class OnnxExporter
{
    public static string Export(MLContext ml, ITransformer model, IDataView featuresOnly, string folder, string[] outputColumns)
    {
        Directory.CreateDirectory(folder);
        var onnxPath = Path.Combine(folder, "model.onnx");
        using (var stream = File.Create(onnxPath))
        {
            ml.Model.ConvertToOnnx(model, featuresOnly, stream, outputColumns);
        }

        return Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(onnxPath)));
    }
}
