using Microsoft.Extensions.Options;

namespace Gateway.Jobs;

/// <summary>Where a job's dataset and results live: <c>{Gateway:Jobs:Directory}/{id}/dataset.jsonl</c> and <c>results.jsonl</c>.</summary>
internal sealed class JobFiles(IOptions<GatewayOptions> options, IHostEnvironment environment)
{
    private readonly string _root = Path.GetFullPath(options.Value.Jobs.Directory, environment.ContentRootPath);

    public string Folder(string id) => Path.Combine(_root, id);

    public string Dataset(string id) => Path.Combine(Folder(id), "dataset.jsonl");

    public string Results(string id) => Path.Combine(Folder(id), "results.jsonl");

    public void Delete(string id)
    {
        if (Directory.Exists(Folder(id)))
        {
            Directory.Delete(Folder(id), recursive: true);
        }
    }
}
