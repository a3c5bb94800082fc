using System.Diagnostics.CodeAnalysis;

namespace CareHub.Interop.Hl7;

/// <summary>Either a parsed <see cref="Message"/> or a plain-English <see cref="Error"/>.</summary>
public sealed class Hl7ParseResult
{
    private Hl7ParseResult(Hl7Message? message, string? error)
    {
        Message = message;
        Error = error;
    }

    public Hl7Message? Message { get; }

    public string? Error { get; }

    [MemberNotNullWhen(true, nameof(Message))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool Succeeded => Message is not null;

    internal static Hl7ParseResult Success(Hl7Message message) => new(message, null);

    internal static Hl7ParseResult Failure(string error) => new(null, error);
}
