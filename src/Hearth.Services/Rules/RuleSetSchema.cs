using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Schema;
using Hearth.Core.Rules;
using Hearth.Services.Ingestion;

namespace Hearth.Services.Rules;

/// <summary>
/// Builds the JSON schema for rule sets from the <see cref="RuleSet"/> types, with each property's description from its
/// XML documentation, as <see cref="FeedDefinitionSchema"/> does for feeds: the committed
/// config/rules/rule-set.schema.json is this output, and a test fails if the two drift apart.
/// </summary>
public static class RuleSetSchema
{
    /// <summary>The schema as indented JSON text, ending with a newline.</summary>
    public static string Generate()
    {
        var documentation = FeedDefinitionSchema.XmlDocumentation.For(typeof(RuleSet).Assembly);
        var exporterOptions = new JsonSchemaExporterOptions
        {
            TreatNullObliviousAsNonNullable = true,
            TransformSchemaNode = (context, node) => Describe(context, node, documentation),
        };
        var schema = (JsonObject)RuleSet.JsonOptions.GetJsonSchemaAsNode(typeof(RuleSet), exporterOptions);
        var root = new JsonObject
        {
            ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
            ["$id"] = "urn:hearth:rule-set",
            ["title"] = "Hearth rule set",
        };
        foreach (var (name, value) in schema.ToList())
        {
            schema.Remove(name);
            root[name] = value;
        }

        return root.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) + "\n";
    }

    private static JsonNode Describe(JsonSchemaExporterContext context, JsonNode node, FeedDefinitionSchema.XmlDocumentation documentation)
    {
        if (node is not JsonObject schema)
        {
            return node;
        }

        // A condition is exactly one test; the compiler says so too, and the schema lets an editor say it first.
        if (context.TypeInfo.Type == typeof(Condition) && schema.ContainsKey("properties"))
        {
            schema["minProperties"] = 1;
            schema["maxProperties"] = 1;
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
}
