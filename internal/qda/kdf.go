package qda

// Bounds of the Argon2id cost a key file or a protected project may ask
// for. They are checked when the parameters are read from a file, before
// any key is derived, so that a tampered file with a huge cost fails at
// once instead of hanging or exhausting memory. The defaults (3 passes,
// 64 MiB, 2 lanes) lie well inside; the upper bounds still allow a cost
// about 40 times the default.
const (
	KDFMaxTime      = 16
	KDFMaxMemoryKiB = 1 << 20 // 1 GiB
	KDFMaxThreads   = 64
)

// CheckKDFCost checks Argon2id parameters (passes, memory in KiB, lanes)
// against the bounds; what names the file or record in the message.
func CheckKDFCost(what string, time, memoryKiB uint32, threads uint8) error {
	switch {
	case time == 0 || threads == 0:
		return Errorf(EInvalid, "%s has implausible key parameters (time %d, threads %d)", what, time, threads)
	case time > KDFMaxTime:
		return Errorf(EInvalid, "%s asks for %d Argon2id passes, more than the %d allowed (the file may have been tampered with)", what, time, KDFMaxTime)
	case threads > KDFMaxThreads:
		return Errorf(EInvalid, "%s asks for %d Argon2id lanes, more than the %d allowed (the file may have been tampered with)", what, threads, KDFMaxThreads)
	case memoryKiB < 8*uint32(threads):
		return Errorf(EInvalid, "%s asks for %d KiB of Argon2id memory, less than 8 KiB per lane", what, memoryKiB)
	case memoryKiB > KDFMaxMemoryKiB:
		return Errorf(EInvalid, "%s asks for %d KiB of Argon2id memory, more than the %d KiB allowed (the file may have been tampered with)", what, memoryKiB, KDFMaxMemoryKiB)
	}
	return nil
}
