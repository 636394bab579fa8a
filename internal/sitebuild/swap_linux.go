package sitebuild

import (
	"errors"
	"os"

	"golang.org/x/sys/unix"
)

// exchange swaps the folders at a and b in one step with renameat2's
// RENAME_EXCHANGE, so that neither name is missing at any moment. Kernels
// before 3.15 (ENOSYS), file systems without the flag (EINVAL, EOPNOTSUPP)
// and sandboxes that filter the call (EPERM; a real lack of permission
// then shows in the fallback's rename) give errNoExchange.
func exchange(a, b string) error {
	for {
		err := unix.Renameat2(unix.AT_FDCWD, a, unix.AT_FDCWD, b, unix.RENAME_EXCHANGE)
		switch {
		case err == nil:
			return nil
		case errors.Is(err, unix.EINTR):
			continue
		case errors.Is(err, unix.ENOSYS), errors.Is(err, unix.EINVAL),
			errors.Is(err, unix.EOPNOTSUPP), errors.Is(err, unix.EPERM):
			return errNoExchange
		default:
			return &os.LinkError{Op: "renameat2", Old: a, New: b, Err: err}
		}
	}
}

// lockTemp holds a shared flock on the folder dir until the returned
// function is called or the process ends, however it ends.
func lockTemp(dir string) (func(), error) {
	fd, err := unix.Open(dir, unix.O_RDONLY|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
	if err != nil {
		return nil, &os.PathError{Op: "open", Path: dir, Err: err}
	}
	if err := flock(fd, unix.LOCK_SH); err != nil {
		unix.Close(fd)
		return nil, &os.PathError{Op: "flock", Path: dir, Err: err}
	}
	return func() { unix.Close(fd) }, nil
}

// inUse reports whether a running build holds dir (see lockTemp). A folder
// that cannot be examined counts as in use: it is then left alone.
func inUse(dir string) bool {
	fd, err := unix.Open(dir, unix.O_RDONLY|unix.O_DIRECTORY|unix.O_NOFOLLOW|unix.O_CLOEXEC, 0)
	if err != nil {
		return true
	}
	defer unix.Close(fd)
	return flock(fd, unix.LOCK_EX|unix.LOCK_NB) != nil
}

// flock is unix.Flock retried on EINTR.
func flock(fd, how int) error {
	for {
		err := unix.Flock(fd, how)
		if err != unix.EINTR {
			return err
		}
	}
}
