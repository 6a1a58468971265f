package dev.eddy.service.iam;

/** Who signed a request: the access key and the account it acts for. */
public record Principal(String accessKeyId, String accountId) {
    /** The principal's ARN as policies name it: {@code arn:aws:iam::ACCOUNT:user/ACCESS_KEY_ID}. */
    public String arn() {
        return "arn:aws:iam::" + accountId + ":user/" + accessKeyId;
    }

    /** Whether a policy's Principal entry names this principal (or its whole account, or anyone). */
    public boolean matches(String entry) {
        return entry.equals("*")
                || entry.equals(accountId)
                || entry.equals("arn:aws:iam::" + accountId + ":root")
                || Policy.wildcard(entry, arn());
    }
}
