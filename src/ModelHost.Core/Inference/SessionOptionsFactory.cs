using Microsoft.ML.OnnxRuntime;
using SessionOptions = Microsoft.ML.OnnxRuntime.SessionOptions;

namespace ModelHost.Inference;

/// <summary>ONNX Runtime session options chosen for serving many small concurrent requests.</summary>
internal static class SessionOptionsFactory
{
    public static SessionOptions Create(int intraOpThreads)
    {
        var options = new SessionOptions
        {
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            IntraOpNumThreads = intraOpThreads,
            InterOpNumThreads = 1,

            // Shape-inference notes from converted graphs are not actionable by an operator; errors still show.
            LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR,
        };

        // Spinning intra-op threads burn a core waiting for work; on a small machine serving HTTP too, that core is needed.
        options.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
        return options;
    }
}
