using System.Buffers;
using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Hearth.Core.Ingestion;
using Hearth.Services.Ingestion.Readers;

namespace Hearth.Services.Ingestion;

/// <summary>A source row mapped and hashed, ready for the loader to decide what to store.</summary>
internal sealed record PreparedRow(SourceRow Row, MappedRecord Mapped, string Hash, string? Warnings);

/// <summary>
/// Reads a feed on one thread and maps its rows in batches on the thread pool, handing the batches back in file order.
/// Mapping (standardising, validating, matching addresses, hashing) is most of a load's work on the client and does not
/// depend on the store, so it runs ahead of, and alongside, the writer; the writer stays on the caller's thread and
/// sees rows exactly in file order, which first-row-wins duplicate handling needs.
/// </summary>
internal sealed class MappingPipeline : IDisposable
{
    private const int BatchRows = 1_000;

    private readonly FeedReader _reader;
    private readonly RecordMapper _mapper;
    private readonly string _definitionHash;
    private readonly BlockingCollection<Batch> _batches;
    private readonly CancellationTokenSource _stop;
    private readonly Thread _producer;
    private long _bytesRead;

    /// <param name="reader">The open reader; the pipeline reads it on its own thread and disposes it.</param>
    /// <param name="mapper">The feed's mapper, which must be safe to call from several threads at once.</param>
    /// <param name="definitionHash">The definition's hash, part of each row's hash.</param>
    /// <param name="batchesAhead">How many batches may be read and mapped ahead of the writer (bounds memory).</param>
    /// <param name="cancellationToken">Stops reading.</param>
    public MappingPipeline(FeedReader reader, RecordMapper mapper, string definitionHash, int batchesAhead, CancellationToken cancellationToken)
    {
        _reader = reader;
        _mapper = mapper;
        _definitionHash = definitionHash;
        _batches = new BlockingCollection<Batch>(batchesAhead);
        _stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Length = reader.Length;
        _producer = new Thread(Produce) { IsBackground = true, Name = "hearth-reader" };
        _producer.Start();
    }

    /// <summary>How far into the file the reader has got (ahead of the writer), for progress.</summary>
    public long BytesRead => Interlocked.Read(ref _bytesRead);

    /// <summary>The file's length (0 for a database source).</summary>
    public long Length { get; }

    /// <summary>The batches in file order, each with its own data quality tally. Rethrows what reading or mapping threw.</summary>
    public IEnumerable<(IReadOnlyList<PreparedRow> Rows, QualityTally Tally)> Batches()
    {
        foreach (var batch in _batches.GetConsumingEnumerable(_stop.Token))
        {
            batch.Done.Wait(_stop.Token);
            batch.Error?.Throw();
            yield return (batch.Prepared!, batch.Tally);
            batch.Done.Dispose();
        }
    }

    public void Dispose()
    {
        // Stop the reader thread before the reader it uses is disposed.
        _stop.Cancel();
        _producer.Join();
        foreach (var batch in _batches)
        {
            batch.Done.Wait();
            batch.Done.Dispose();
        }

        _batches.Dispose();
        _stop.Dispose();
        _reader.Dispose();
    }

    private void Produce()
    {
        try
        {
            var rows = new List<SourceRow>(BatchRows);
            foreach (var row in _reader.Rows())
            {
                rows.Add(row);
                if (rows.Count == BatchRows)
                {
                    Interlocked.Exchange(ref _bytesRead, _reader.Position);
                    Hand(rows);
                    rows = new List<SourceRow>(BatchRows);
                }
            }

            if (rows.Count > 0)
            {
                Hand(rows);
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // The writer stopped; nobody is waiting for more.
        }
#pragma warning disable CA1031 // Any failure to read is handed to the writer's thread, which rethrows it.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            var failed = new Batch([]) { Error = ExceptionDispatchInfo.Capture(ex) };
            failed.Done.Set();
            TryAdd(failed);
        }
        finally
        {
            _batches.CompleteAdding();
        }
    }

    private void Hand(List<SourceRow> rows)
    {
        var batch = new Batch(rows);
        _batches.Add(batch, _stop.Token);
        ThreadPool.UnsafeQueueUserWorkItem(static work => work.Batch.Prepare(work.Pipeline), (Batch: batch, Pipeline: this), preferLocal: false);
    }

    private void TryAdd(Batch batch)
    {
        try
        {
            _batches.Add(batch, _stop.Token);
        }
        catch (OperationCanceledException)
        {
            // The writer has gone.
        }
    }

    /// <summary>
    /// A row's identity for change detection: the SHA-256 of the definition's hash, a newline and the raw row, in UTF-8,
    /// cut to 128 bits. Encoded into a pooled buffer, as the row arrives as a string and is hashed once.
    /// </summary>
    internal static string RowHash(string definitionHash, string raw)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(definitionHash.Length + 1 + raw.Length));
        try
        {
            var length = Encoding.UTF8.GetBytes(definitionHash, buffer);
            buffer[length++] = (byte)'\n';
            length += Encoding.UTF8.GetBytes(raw, buffer.AsSpan(length));
            Span<byte> hash = stackalloc byte[32];
            SHA256.HashData(buffer.AsSpan(0, length), hash);
            return Convert.ToHexString(hash[..16]);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private sealed class Batch(List<SourceRow> rows)
    {
        public ManualResetEventSlim Done { get; } = new(false);

        public QualityTally Tally { get; } = new();

        public List<PreparedRow>? Prepared { get; private set; }

        public ExceptionDispatchInfo? Error { get; set; }

        public void Prepare(MappingPipeline pipeline)
        {
            try
            {
                var prepared = new List<PreparedRow>(rows.Count);
                foreach (var row in rows)
                {
                    var mapped = pipeline._mapper.Map(row, Tally);
                    var warnings = mapped.Issues.Count == 0 ? null : JsonSerializer.Serialize(mapped.Issues.Select(i => i.Reason));
                    prepared.Add(new PreparedRow(row, mapped, RowHash(pipeline._definitionHash, row.Raw), warnings));
                }

                Prepared = prepared;
            }
#pragma warning disable CA1031 // Handed to the writer's thread, which rethrows it.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                Error = ExceptionDispatchInfo.Capture(ex);
            }
            finally
            {
                Done.Set();
            }
        }
    }
}
