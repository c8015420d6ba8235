using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Schema;
using System.Xml.Linq;
using Hearth.Core.Ingestion;
using JsonNode = System.Text.Json.Nodes.JsonNode;

namespace Hearth.Services.Ingestion;

/// <summary>
/// Builds the JSON schema for feed definitions from the <see cref="FeedDefinition"/> types themselves, with each
/// property's description taken from its XML documentation. The C# types stay the single source of truth: the committed
/// config/feeds/feed-definition.schema.json is this output, and a test fails if the two drift apart.
/// </summary>
public static class FeedDefinitionSchema
{
    private const string FieldDefinition = "field";

    /// <summary>The schema as indented JSON text, ending with a newline.</summary>
    public static string Generate()
    {
        var documentation = XmlDocumentation.For(typeof(FeedDefinition).Assembly);
        var exporterOptions = new JsonSchemaExporterOptions
        {
            TreatNullObliviousAsNonNullable = true,
            TransformSchemaNode = (context, node) => Describe(context, node, documentation),
        };

        var schema = (JsonObject)FeedDefinition.JsonOptions.GetJsonSchemaAsNode(typeof(FeedDefinition), exporterOptions);
        var root = new JsonObject
        {
            ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
            ["$id"] = "urn:hearth:feed-definition",
            ["title"] = "Hearth feed definition",
        };
        foreach (var (name, value) in schema.ToList())
        {
            schema.Remove(name);
            root[name] = value;
        }

        root["$defs"] = new JsonObject { [FieldDefinition] = FieldSchema(documentation) };
        return root.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) + "\n";
    }

    private static JsonNode Describe(JsonSchemaExporterContext context, JsonNode node, XmlDocumentation documentation)
    {
        // A FieldSpec is read by a custom converter, so the exporter cannot see its shape: point at the hand-described
        // definition (a string, or an object with exactly one source) instead.
        if (context.TypeInfo.Type == typeof(FieldSpec))
        {
            node = new JsonObject { ["$ref"] = "#/$defs/" + FieldDefinition };
        }

        // The same for the other types a definition may write as a string or an object (each, when): the string, or the
        // object as the exporter describes it without the shorthand converter.
        if (context.TypeInfo.Converter is IShorthandConverter shorthand && context.PropertyInfo is not null)
        {
            var exporterOptions = new JsonSchemaExporterOptions
            {
                TreatNullObliviousAsNonNullable = true,
                TransformSchemaNode = (inner, innerNode) => Describe(inner, innerNode, documentation),
            };
            node = new JsonObject
            {
                ["oneOf"] = new JsonArray(
                    new JsonObject { ["type"] = "string", ["description"] = shorthand.ShorthandDescription },
                    shorthand.ObjectOptions(FeedDefinition.JsonOptions).GetJsonSchemaAsNode(context.TypeInfo.Type, exporterOptions)),
            };
        }

        if (node is not JsonObject schema)
        {
            return node;
        }

        if (context.PropertyInfo is { Name: "rule" } && context.PropertyInfo.DeclaringType == typeof(ValidationRule))
        {
            schema["enum"] = new JsonArray([.. RecordMapper.KnownRules.Order(StringComparer.Ordinal).Select(r => (JsonNode)r)]);
        }

        var description = context.PropertyInfo?.AttributeProvider is MemberInfo member
            ? documentation.Summary(member)
            : context.PropertyInfo is null && context.TypeInfo.Type.IsClass && context.TypeInfo.Type != typeof(string)
                ? documentation.Summary(context.TypeInfo.Type)
                : null;
        if (description is not null && !schema.ContainsKey("description"))
        {
            schema.Insert(0, "description", description);
        }

        return schema;
    }

    private static JsonObject FieldSchema(XmlDocumentation documentation)
    {
        string? Doc(string property) => documentation.Summary(typeof(FieldSpec).GetProperty(property)!);
        var strings = new JsonObject { ["type"] = "array", ["items"] = new JsonObject { ["type"] = "string" } };
        return new JsonObject
        {
            ["description"] = documentation.Summary(typeof(FieldSpec)),
            ["oneOf"] = new JsonArray(
                new JsonObject { ["type"] = "string", ["description"] = "The source field, read as it is." },
                new JsonObject
                {
                    ["type"] = "object",
                    ["properties"] = new JsonObject
                    {
                        ["field"] = new JsonObject { ["type"] = "string", ["description"] = Doc(nameof(FieldSpec.Field)) },
                        ["value"] = new JsonObject { ["type"] = "string", ["description"] = Doc(nameof(FieldSpec.Value)) },
                        ["template"] = new JsonObject { ["type"] = "string", ["description"] = Doc(nameof(FieldSpec.Template)) },
                        ["map"] = new JsonObject { ["type"] = "string", ["description"] = Doc(nameof(FieldSpec.Map)) },
                        ["join"] = new JsonObject { ["type"] = "string", ["description"] = Doc(nameof(FieldSpec.Join)) },
                        ["formats"] = Described(strings.DeepClone(), Doc(nameof(FieldSpec.Formats))),
                        ["transforms"] = Described(
                            new JsonObject
                            {
                                ["type"] = "array",
                                ["items"] = new JsonObject { ["enum"] = new JsonArray([.. RecordMapper.KnownTransforms.Order(StringComparer.Ordinal).Select(t => (JsonNode)t)]) },
                            },
                            Doc(nameof(FieldSpec.Transforms))),
                    },
                    ["additionalProperties"] = false,
                    ["oneOf"] = new JsonArray(
                        new JsonObject { ["required"] = new JsonArray("field") },
                        new JsonObject { ["required"] = new JsonArray("value") },
                        new JsonObject { ["required"] = new JsonArray("template") }),
                }),
        };
    }

    private static JsonNode Described(JsonNode node, string? description)
    {
        ((JsonObject)node).Insert(0, "description", description);
        return node;
    }

    /// <summary>The summaries in an assembly's XML documentation file, by member.</summary>
    internal sealed class XmlDocumentation(IReadOnlyDictionary<string, string> summaries)
    {
        public static XmlDocumentation For(Assembly assembly)
        {
            var path = Path.ChangeExtension(assembly.Location, ".xml");
            if (!File.Exists(path))
            {
                throw new FileNotFoundException($"The XML documentation for {assembly.GetName().Name} was not found at {path}; the schema takes its descriptions from it.", path);
            }

            var summaries = XDocument.Load(path).Descendants("member")
                .Where(m => m.Element("summary") is not null)
                .ToDictionary(m => (string)m.Attribute("name")!, m => Flatten(m.Element("summary")!), StringComparer.Ordinal);
            return new XmlDocumentation(summaries);
        }

        public string? Summary(MemberInfo member)
        {
            var id = member switch
            {
                Type type => "T:" + type.FullName,
                PropertyInfo property => "P:" + property.DeclaringType!.FullName + "." + property.Name,
                _ => null,
            };
            return id is not null && summaries.TryGetValue(id, out var summary) ? summary : null;
        }

        /// <summary>The summary as plain text: <c>&lt;c&gt;</c> contents kept, cross-references reduced to their names.</summary>
        private static string Flatten(XElement summary)
        {
            var parts = summary.Nodes().Select(node => node switch
            {
                XText text => text.Value,
                XElement { Name.LocalName: "see" } see => ((string?)see.Attribute("cref"))?.Split('.')[^1] ?? string.Empty,
                XElement element => element.Value,
                _ => string.Empty,
            });
            return string.Join(' ', string.Concat(parts).Split((char[])[' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries));
        }
    }
}
