using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace CareHub.Deployment.Tests.Infrastructure;

/// <summary>One resource of a compiled ARM template, with whole-value variable references resolved.</summary>
public sealed record ArmResource(string Type, string ApiVersion, JsonObject Body, string Module)
{
    public JsonNode? Properties => Body["properties"];

    /// <summary>A value by dotted path under the resource, e.g. "properties.siteConfig.webSocketsEnabled".</summary>
    public JsonNode? At(string path)
    {
        JsonNode? node = Body;
        foreach (var segment in path.Split('.'))
            node = node is JsonObject obj ? obj[segment] : null;
        return node;
    }
}

/// <summary>
/// The JSON `bicep build` writes, read back: every resource of the template and of its modules (nested
/// Microsoft.Resources/deployments). Bicep emits a shared variable as "[variables('name')]"; such values
/// are replaced by the variable's own JSON so a test can read properties as the deployment will see them.
/// Other ARM expressions stay as strings.
/// </summary>
public sealed partial class ArmTemplate
{
    private ArmTemplate(JsonObject root, IReadOnlyList<ArmResource> resources)
    {
        Root = root;
        Resources = resources;
    }

    public JsonObject Root { get; }

    public IReadOnlyList<ArmResource> Resources { get; }

    public static ArmTemplate Parse(string json)
    {
        var root = JsonNode.Parse(json)?.AsObject() ?? throw new FormatException("bicep build wrote no JSON object.");
        var resources = new List<ArmResource>();
        Collect(root, "main", resources);
        return new ArmTemplate(root, resources);
    }

    public IReadOnlyList<ArmResource> OfType(string type) =>
        [.. Resources.Where(r => string.Equals(r.Type, type, StringComparison.OrdinalIgnoreCase))];

    public ArmResource One(string type)
    {
        var matches = OfType(type);
        matches.Count.ShouldBe(1, $"exactly one {type} in the template");
        return matches[0];
    }

    /// <summary>The default value of a parameter of main.bicep.</summary>
    public JsonNode? ParameterDefault(string name) => Root["parameters"]?[name]?["defaultValue"];

    private static void Collect(JsonObject template, string module, List<ArmResource> into)
    {
        var variables = template["variables"] as JsonObject;
        IEnumerable<JsonNode?> resources = template["resources"] switch
        {
            JsonArray array => array,
            JsonObject symbolic => symbolic.Select(p => p.Value),
            _ => [],
        };
        foreach (var node in resources.OfType<JsonObject>())
        {
            var resolved = Resolve(node, variables, depth: 0).AsObject();
            var type = resolved["type"]?.GetValue<string>() ?? "";
            var apiVersion = resolved["apiVersion"]?.GetValue<string>() ?? "";
            if (string.Equals(type, "Microsoft.Resources/deployments", StringComparison.OrdinalIgnoreCase)
                && resolved["properties"]?["template"] is JsonObject nested)
            {
                Collect(nested, resolved["name"]?.ToString() ?? module, into);
                continue;
            }
            into.Add(new ArmResource(type, apiVersion, resolved, module));
        }
    }

    private static JsonNode Resolve(JsonNode node, JsonObject? variables, int depth)
    {
        if (depth > 32)
            throw new InvalidOperationException("Variable references nest deeper than 32 levels.");
        switch (node)
        {
            case JsonObject obj:
                var copy = new JsonObject();
                foreach (var (key, value) in obj)
                    copy[key] = value is null ? null : Resolve(value, variables, depth + 1);
                return copy;
            case JsonArray array:
                var items = new JsonArray();
                foreach (var item in array)
                    items.Add(item is null ? null : Resolve(item, variables, depth + 1));
                return items;
            case JsonValue value when value.TryGetValue<string>(out var text) && VariableReference().Match(text) is { Success: true } match:
                var variable = variables is null ? null : variables[match.Groups["name"].Value];
                return variable is null ? node.DeepClone() : Resolve(variable, variables, depth + 1);
            default:
                return node.DeepClone();
        }
    }

    [GeneratedRegex(@"^\[variables\('(?<name>[A-Za-z0-9_]+)'\)\]$")]
    private static partial Regex VariableReference();
}
