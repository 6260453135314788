package dev.clipshare.core;

/**
 * The password did not open the share. Deliberately says nothing more (not how many attempts
 * remain), so the answer is the same for every wrong guess.
 */
public class WrongPasswordException extends SharingException {
    public WrongPasswordException() {
        super("wrong password");
    }
}
