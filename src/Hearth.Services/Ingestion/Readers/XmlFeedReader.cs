using System.Text;
using System.Xml;
using System.Xml.Linq;
using Hearth.Core.Ingestion;

namespace Hearth.Services.Ingestion.Readers;

/// <summary>
/// XML read as a stream, one record element at a time (the definition's record path, such as
/// <c>/Message/Children/Child</c>). Any DTD is refused, which defeats entity-expansion ("billion laughs") bombs and
/// external entities. Malformed XML, or bytes not valid in the declared encoding, stop the load with the line number.
/// </summary>
public sealed class XmlFeedReader : FeedReader
{
    private readonly FeedDefinition _definition;
    private readonly FileStream _stream;

    public XmlFeedReader(FeedDefinition definition, string path)
    {
        _definition = definition;
        _stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
    }

    public override long Position => _stream.Position;

    public override long Length => _stream.Length;

    public override IEnumerable<SourceRow> Rows()
    {
        var target = _definition.Format.RecordPath!.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            IgnoreComments = true,
            IgnoreProcessingInstructions = true,
            CloseInput = false,
        };
        using var reader = XmlReader.Create(_stream, settings);
        var path = new List<string>();
        long number = 0;
        while (true)
        {
            XElement? record = null;
            try
            {
                record = NextRecord(reader, path, target);
            }
            catch (XmlException ex) when (ex.Message.Contains("DTD", StringComparison.Ordinal))
            {
                throw new FeedReadException($"The XML for feed {_definition.Name} declares a DTD, which Hearth refuses: a DTD can expand entities until memory runs out (the 'billion laughs' attack) or fetch external files.", ex);
            }
            catch (XmlException ex)
            {
                throw new FeedReadException($"The XML for feed {_definition.Name} is malformed at line {ex.LineNumber}, position {ex.LinePosition}: {ex.Message} Nothing from it was stored.", ex);
            }
            catch (DecoderFallbackException ex)
            {
                throw new FeedReadException($"The XML for feed {_definition.Name} holds bytes that are not valid {_definition.Format.Encoding}. Nothing from it was stored.", ex);
            }

            if (record is null)
            {
                yield break;
            }

            number++;
            yield return new SourceRow(number, record.ToString(SaveOptions.DisableFormatting), new Core.Ingestion.XmlNode(record));
        }
    }

    /// <summary>Advances to the next element at the record path and reads it whole; null at the end of the document.</summary>
    private static XElement? NextRecord(XmlReader reader, List<string> path, string[] target)
    {
        if (reader.ReadState == ReadState.Initial)
        {
            reader.Read();
        }

        while (!reader.EOF)
        {
            switch (reader.NodeType)
            {
                case XmlNodeType.Element when path.Count == target.Length - 1 && reader.LocalName == target[^1] && Matches(path, target):
                    return (XElement)XNode.ReadFrom(reader);
                case XmlNodeType.Element:
                    if (!reader.IsEmptyElement)
                    {
                        path.Add(reader.LocalName);
                    }

                    break;
                case XmlNodeType.EndElement:
                    path.RemoveAt(path.Count - 1);
                    break;
            }

            reader.Read();
        }

        return null;
    }

    private static bool Matches(List<string> path, string[] target)
    {
        for (var i = 0; i < path.Count; i++)
        {
            if (path[i] != target[i])
            {
                return false;
            }
        }

        return true;
    }

    protected override void Dispose(bool disposing) => _stream.Dispose();
}
