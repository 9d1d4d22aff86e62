using Microsoft.AspNetCore.Http.Features;

namespace Gateway.Jobs;

/// <summary>
/// Streams a submitted dataset to its file under the job limits, counting its lines: never whole in memory, and
/// nothing left behind when it is refused. Rows are not parsed here: a bad row fails alone when the job reaches it.
/// </summary>
internal static class JobDatasetWriter
{
    /// <returns>The number of rows, or null with the status and reason it was refused.</returns>
    public static async Task<(int? Rows, int Status, string Error)> WriteAsync(HttpRequest request, string path, JobOptions options, CancellationToken cancellationToken)
    {
        var limit = options.MaxDatasetBytes;
        if (request.ContentLength > limit)
        {
            return (null, StatusCodes.Status413PayloadTooLarge, $"The dataset is {request.ContentLength} bytes; the limit is {limit}.");
        }

        // The gateway's body limit is for predictions; a dataset has its own.
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = limit;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var partial = path + ".part";
        long total = 0;
        long lines = 0;
        byte last = (byte)'\n';
        var blank = true;
        try
        {
            await using (var file = new FileStream(partial, FileMode.CreateNew, FileAccess.Write, FileShare.None, 65536, useAsync: true))
            {
                var buffer = new byte[65536];
                int read;
                while ((read = await request.Body.ReadAsync(buffer, cancellationToken)) > 0)
                {
                    total += read;
                    if (total > limit)
                    {
                        return Refused(partial, StatusCodes.Status413PayloadTooLarge, $"The dataset is over the limit of {limit} bytes.");
                    }

                    lines += buffer.AsSpan(0, read).Count((byte)'\n');
                    blank = blank && buffer.AsSpan(0, read).IndexOfAnyExcept(" \t\r\n"u8) < 0;
                    last = buffer[read - 1];
                    await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                }

                await file.FlushAsync(cancellationToken);
            }

            var rows = lines + (last == (byte)'\n' ? 0 : 1);
            if (blank)
            {
                return Refused(partial, StatusCodes.Status400BadRequest, "The dataset is empty; send one JSON instance per line.");
            }

            if (rows > options.MaxRows)
            {
                return Refused(partial, StatusCodes.Status413PayloadTooLarge, $"The dataset has {rows} rows; the limit is {options.MaxRows}.");
            }

            File.Move(partial, path);
            return ((int)rows, StatusCodes.Status202Accepted, "");
        }
        catch (BadHttpRequestException e)
        {
            return Refused(partial, e.StatusCode, $"The dataset could not be read: {e.Message}");
        }
        catch (IOException e)
        {
            // The client went away mid-upload (its answer is never read), or the folder could not take the file.
            return request.HttpContext.RequestAborted.IsCancellationRequested
                ? Refused(partial, StatusCodes.Status400BadRequest, $"The dataset could not be read to its end: {e.Message}")
                : Refused(partial, StatusCodes.Status503ServiceUnavailable, $"The dataset could not be stored: {e.Message}");
        }
        catch (OperationCanceledException)
        {
            File.Delete(partial);
            throw;
        }
    }

    private static (int?, int, string) Refused(string partial, int status, string error)
    {
        File.Delete(partial);
        return (null, status, error);
    }
}
