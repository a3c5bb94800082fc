using System.Diagnostics.CodeAnalysis;
using CareHub.Interop.Acks;

namespace CareHub.Interop.Adt;

/// <summary>
/// Either an <see cref="AdtMessage"/> (<see cref="AckCode"/> AA) or the errors that stop it, with the code to answer:
/// AE when the message is ADT CareHub understands but its content is wrong, AR when it is not a message CareHub takes.
/// </summary>
public sealed class AdtReadResult
{
    private AdtReadResult(AdtMessage? message, AckCode ackCode, IReadOnlyList<Hl7Error> errors)
    {
        Message = message;
        AckCode = ackCode;
        Errors = errors;
    }

    public AdtMessage? Message { get; }

    public AckCode AckCode { get; }

    public IReadOnlyList<Hl7Error> Errors { get; }

    [MemberNotNullWhen(true, nameof(Message))]
    public bool Succeeded => Message is not null;

    internal static AdtReadResult Success(AdtMessage message) => new(message, AckCode.AA, []);

    internal static AdtReadResult Failure(AckCode code, IReadOnlyList<Hl7Error> errors) => new(null, code, errors);
}
