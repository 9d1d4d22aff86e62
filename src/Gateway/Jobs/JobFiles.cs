using Microsoft.Extensions.Options;

namespace Gateway.Jobs;

/// <summary>Where a job's dataset and results live: <c>{Gateway:Jobs:Directory}/{id}/dataset.jsonl</c> and a <c>results-{token}.jsonl</c> per runner.</summary>
internal sealed class JobFiles(IOptions<GatewayOptions> options, IHostEnvironment environment)
{
    private readonly string _root = Path.GetFullPath(options.Value.Jobs.Directory, environment.ContentRootPath);

    public string Folder(string id) => Path.Combine(_root, id);

    public string Dataset(string id) => Path.Combine(Folder(id), "dataset.jsonl");

    public string Results(string id, string token) => Path.Combine(Folder(id), $"results-{token}.jsonl");

    /// <summary>Removes the dataset of a finished job: its results stay until the job is forgotten.</summary>
    public void DeleteDataset(string id) => File.Delete(Dataset(id));

    /// <summary>Removes a job's folder; another replica removing it at the same time is no error.</summary>
    public void Delete(string id)
    {
        try
        {
            Directory.Delete(Folder(id), recursive: true);
        }
        catch (Exception e) when (e is DirectoryNotFoundException or IOException)
        {
            // Gone already, or still open on a network file system: the next pass tries again.
        }
    }
}
