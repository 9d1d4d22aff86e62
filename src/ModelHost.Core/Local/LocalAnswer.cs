namespace ModelHost.Local;

/// <summary>What a <see cref="LocalModel"/> answered: the status a ModelHost would send, and the JSON body.</summary>
/// <param name="Status">200, or the error's status (400 for a request that does not fit the model, 503 when its queue is full).</param>
/// <param name="Body">The predictions and the model's name and version, or <c>{"error": "…"}</c>.</param>
public sealed record LocalAnswer(int Status, string Body)
{
    /// <summary>Whether the model answered with predictions.</summary>
    public bool Succeeded => Status == 200;
}
